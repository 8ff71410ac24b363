% Quicksort with partition, and with difference lists.
qsort([], []).
qsort([H | T], S) :-
    split(H, T, Smaller, Bigger),
    qsort(Smaller, S1), qsort(Bigger, S2),
    append(S1, [H | S2], S).

split(_, [], [], []).
split(P, [X | Xs], [X | S], B) :- X =< P, !, split(P, Xs, S, B).
split(P, [X | Xs], S, [X | B]) :- split(P, Xs, S, B).

qsort_dl(L, S) :- qs(L, S, []).
qs([], S, S).
qs([H | T], S, S0) :-
    split(H, T, Sm, Bg),
    qs(Sm, S, [H | S1]),
    qs(Bg, S1, S0).

pseudo_random(0, _, []) :- !.
pseudo_random(N, Seed, [X | Xs]) :-
    X is Seed mod 1000,
    Seed1 is (Seed * 1103515245 + 12345) mod 2147483648,
    N1 is N - 1,
    pseudo_random(N1, Seed1, Xs).

% query: qsort([3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5], S).
% query: qsort_dl([3, 1, 4, 1, 5, 9, 2, 6], S).
% query: qsort([], S).
% query: qsort([2.5, 1, -3, 0.5], S).
% query: pseudo_random(300, 42, L), qsort(L, S), msort(L, M), S == M, length(S, N), S = [Min | _], last(S, Max).
% query: pseudo_random(5, 7, L).
