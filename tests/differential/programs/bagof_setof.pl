% bagof/3, setof/3, ^/2.
p(1, a). p(2, b). p(3, a). p(1, c).
likes(mary, wine). likes(john, wine). likes(john, mary). likes(bob, beer).
age(peter, 7). age(ann, 11). age(pat, 8). age(tom, 5). age(mike, 11).

% query: bagof(X, p(X, Y), L).
% query: bagof(X, Y^p(X, Y), L).
% query: setof(X, Y^p(X, Y), L).
% query: setof(X, p(X, Y), L).
% query: setof(Y, p(X, Y), L).
% query: bagof(X, p(X, z), L).
% query: setof(X, p(X, z), L).
% query: setof(X-Y, p(X, Y), L).
% query: setof(P, likes(P, wine), L).
% query: setof(Thing, P^likes(P, Thing), L).
% query: setof(P, Thing^likes(P, Thing), L).
% query: bagof(P, likes(P, T), L).
% query: setof(A-N, age(N, A), L).
% query: setof(N, A^age(N, A), L).
% query: setof(N, age(N, A), L).
% query: bagof(X, member(X, [c, a, b, a]), L).
% query: setof(X, member(X, [c, a, b, a]), L).
% query: bagof(X, G, L).
% query: setof(X-Z, Y^(p(X, Y), p(Z, Y), X < Z), L).
% query: setof(K, V^member(K-V, [b-1, a-2, b-3]), Ks).
% query: bagof(X, (member(X, [1, 2, 3]), X > 5), L).
% query: aggregate_all(count, p(_, _), C).
t(1, a, x). t(2, b, x). t(3, a, y). t(1, b, y).
% query: setof(X, Y^Z^t(X, Y, Z), L).
% query: setof(X, Y^t(X, Y, Z), L).
% query: bagof(X-Y, Z^t(X, Y, Z), L).
% query: setof(X, member(X-_, [b-1, a-2, c-1]), L).
% query: setof(Y-Xs, setof(X, Z^t(X, Y, Z), Xs), L).
% query: setof(X, (t(X, _, _), X > 1), L).
% query: bagof(X, t(X, Y, Z), L).
% query: aggregate_all(count, t(_, _, _), N), setof(Z, X^Y^t(X, Y, Z), Zs).
