% findall/3, findall/4.
p(1, a). p(2, b). p(3, a).
age(peter, 7). age(ann, 11). age(pat, 8). age(tom, 5).

% query: findall(X, p(X, _), L).
% query: findall(X-Y, p(X, Y), L).
% query: findall(X, p(X, c), L).
% query: findall(X, member(X, [c, b, a, b]), L).
% query: findall(X, (member(X, [1, 2, 3, 4]), X > 2), L).
% query: findall(X, p(X, a), L, [end]).
% query: findall(X, p(X, _), L, T).
% query: findall(f(X, Y), member(X, [A, B]), L).
% query: findall(X, G, L).
% query: findall(X, 3, L).
% query: findall(N, age(N, _), Ns), length(Ns, Len).
% query: findall(A-N, age(N, A), Ps), keysort(Ps, S), pairs_values(S, Names).
% query: findall(X, (member(X, [1, 2, 3]), write(X), nl), L).
% query: findall(X, (member(X, [1, 2]) ; X = 3), L).
% query: findall(L, findall(X, member(X, [a, b]), L), LL).
% query: findall(X, p(X, _), [A | _]).
% query: findall(X, p(X, _), [9 | _]).
% query: findall(X, throw(oops), L).
