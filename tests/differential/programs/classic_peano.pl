% Peano arithmetic.
nat(0).
nat(s(N)) :- nat(N).

add(0, Y, Y).
add(s(X), Y, s(Z)) :- add(X, Y, Z).

times(0, _, 0).
times(s(X), Y, Z) :- times(X, Y, W), add(W, Y, Z).

leq(0, _).
leq(s(X), s(Y)) :- leq(X, Y).

to_int(0, 0).
to_int(s(N), I) :- to_int(N, I0), I is I0 + 1.

from_int(0, 0) :- !.
from_int(I, s(N)) :- I0 is I - 1, from_int(I0, N).

% query: add(s(0), s(s(0)), Z).
% query: add(X, Y, s(s(0))).
% query: add(X, s(0), s(s(s(0)))).
% query: times(s(s(0)), s(s(s(0))), Z), to_int(Z, I).
% query: from_int(5, N), from_int(4, M), times(N, M, P), to_int(P, I).
% query: leq(X, s(s(0))).
% query: nat(X).
% query: leq(s(s(0)), s(0)).
