% Accumulator-style predicates.
sum([], S, S).
sum([X | Xs], A, S) :- A1 is A + X, sum(Xs, A1, S).

len([], N, N).
len([_ | T], A, N) :- A1 is A + 1, len(T, A1, N).

rev([], R, R).
rev([H | T], A, R) :- rev(T, [H | A], R).

maxl([X | Xs], M) :- maxl(Xs, X, M).
maxl([], M, M).
maxl([X | Xs], A, M) :- ( X > A -> A1 = X ; A1 = A ), maxl(Xs, A1, M).

count_occ(_, [], N, N).
count_occ(X, [Y | Ys], A, N) :- ( X == Y -> A1 is A + 1 ; A1 = A ), count_occ(X, Ys, A1, N).

fact(N, F) :- fact(N, 1, F).
fact(0, F, F) :- !.
fact(N, A, F) :- A1 is A * N, N1 is N - 1, fact(N1, A1, F).

running([], _, []).
running([X | Xs], A, [S | Ss]) :- S is A + X, running(Xs, S, Ss).

% query: sum([1, 2, 3, 4], 0, S).
% query: len([a, b, c], 0, N).
% query: rev([1, 2, 3], [], R).
% query: maxl([3, 9, 2, 7], M).
% query: count_occ(a, [a, b, a, c, a], 0, N).
% query: fact(20, F).
% query: running([1, 2, 3, 4], 0, L).
% query: numlist(1, 10000, _L), sum(_L, 0, S), len(_L, 0, N).
