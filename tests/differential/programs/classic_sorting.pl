% Sorting algorithms.
insertion_sort(L, S) :- foldl(insert, L, [], S).
insert(X, [], [X]).
insert(X, [Y | Ys], [X, Y | Ys]) :- X =< Y, !.
insert(X, [Y | Ys], [Y | Zs]) :- insert(X, Ys, Zs).

merge_sort([], []) :- !.
merge_sort([X], [X]) :- !.
merge_sort(L, S) :-
    length(L, N), H is N // 2, length(Front, H), append(Front, Back, L),
    merge_sort(Front, SF), merge_sort(Back, SB), merge(SF, SB, S).
merge([], L, L) :- !.
merge(L, [], L) :- !.
merge([X | Xs], [Y | Ys], [X | Zs]) :- X =< Y, !, merge(Xs, [Y | Ys], Zs).
merge(Xs, [Y | Ys], [Y | Zs]) :- merge(Xs, Ys, Zs).

bubble_sort(L, S) :- swap(L, L1), !, bubble_sort(L1, S).
bubble_sort(S, S).
swap([X, Y | T], [Y, X | T]) :- X > Y.
swap([Z | T], [Z | T1]) :- swap(T, T1).

selection_sort([], []).
selection_sort(L, [M | S]) :- min_list(L, M), selectchk(M, L, R), selection_sort(R, S).

perm_sort(L, S) :- permutation(L, S), sorted(S), !.
sorted([]).
sorted([_]).
sorted([X, Y | T]) :- X =< Y, sorted([Y | T]).

data([5, 3, 8, 1, 9, 2, 7, 3, 6, 4, 0, 11, -2]).

% query: data(D), insertion_sort(D, S).
% query: data(D), merge_sort(D, S).
% query: data(D), bubble_sort(D, S).
% query: data(D), selection_sort(D, S).
% query: perm_sort([3, 1, 2, 5, 4], S).
% query: data(D), insertion_sort(D, A), merge_sort(D, B), msort(D, C), A == B, B == C.
% query: merge_sort([], S).
