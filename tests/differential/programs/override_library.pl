% Textbook programs define their own versions of library list predicates;
% the program's definitions must be used.
append([], L, L).
append([H | T], L, [H | R]) :- append(T, L, R).

member(X, [X | _]).
member(X, [_ | T]) :- member(X, T).

reverse(L, R) :- reverse(L, [], R).
reverse([], R, R).
reverse([H | T], A, R) :- reverse(T, [H | A], R).

last([X], X) :- write(my_last), nl.
last([_ | T], X) :- last(T, X).

% query: append(X, Y, [1, 2]).
% query: member(X, [a, b]).
% query: reverse([1, 2, 3], R).
% query: last([1, 2, 3], X).
% query: last([], X).
