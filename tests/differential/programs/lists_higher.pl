% maplist/2..5, foldl/4..6, include/3, exclude/3, partition/4.
double(X, Y) :- Y is 2 * X.
add(X, Y, Z) :- Z is X + Y.
add3(A, B, C, D) :- D is A + B + C.
positive(X) :- X > 0.
even(X) :- 0 is X mod 2.
sum3(X, Y, Z, A0, A) :- A is A0 + X * Y * Z.
cons(X, L, [X | L]).
pairup(X, Y, X-Y).
small(X) :- X < 3.

% query: maplist(positive, [1, 2, 3]).
% query: maplist(positive, [1, -2, 3]).
% query: maplist(double, [1, 2, 3], L).
% query: maplist(double, L, [2, 4]).
% query: maplist(add, [1, 2], [10, 20], L).
% query: maplist(add3, [1, 2], [10, 20], [100, 200], L).
% query: L = [_, _], maplist(=(x), L).
% query: maplist(double, [], L).
% query: maplist(pairup, [a, b], [1, 2], Ps).
% query: maplist(succ, L, [2, 3, 4]).
% query: length(L, 3), maplist(=(0), L).
% query: maplist(double, [1, a], L).
% query: foldl(add, [1, 2, 3], 0, S).
% query: foldl(cons, [a, b, c], [], R).
% query: foldl(sum3, [1, 2], [3, 4], [5, 6], 0, S).
% query: foldl([X, Y, A0, A]>>(A is A0 + X * Y), [1, 2], [3, 4], 0, S).
% query: include(even, [1, 2, 3, 4, 5, 6], L).
% query: exclude(even, [1, 2, 3, 4, 5, 6], L).
% query: partition(even, [1, 2, 3, 4, 5], I, E).
% query: partition(small, [5, 1, 4, 2], I, E).
% query: include(positive, [], L).
% query: maplist([X, Y]>>(Y is X * X), [1, 2, 3], L).
% query: maplist([X]>>(X > 0), [1, 2]).
% query: include([X]>>(X \= b), [a, b, c, b], L).
% query: maplist(member, [X, Y], [[1, 2], [3]]).
% query: foldl([X, A0, A]>>(A is max(X, A0)), [3, 9, 2], 0, M).
% query: partition([X, C]>>(compare(C0, X, 3), (C0 = (<) -> C = (<) ; C0 = (=) -> C = (=) ; C = (>))), [1, 3, 5, 2, 3], L, E, G).
