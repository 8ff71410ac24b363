% Cut in clause bodies.
max(X, Y, X) :- X >= Y, !.
max(_, Y, Y).

classify(N, negative) :- N < 0, !.
classify(0, zero) :- !.
classify(_, positive).

first_member(X, [X | _]) :- !.
first_member(X, [_ | T]) :- first_member(X, T).

a(1). a(2). a(3).
b(x). b(y).

cut_after_first(X, Y) :- a(X), !, b(Y).
cut_in_middle(X, Y) :- a(X), b(Y), !.
no_cut(X, Y) :- a(X), b(Y).

t(1) :- !, fail.
t(2).

c(X) :- a(X), X > 1, !.
c(99).

% query: max(3, 5, M).
% query: max(5, 3, M).
% query: max(5, 3, 3).
% query: classify(-4, C).
% query: classify(0, C).
% query: classify(7, C).
% query: first_member(X, [a, b, c]).
% query: cut_after_first(X, Y).
% query: cut_in_middle(X, Y).
% query: no_cut(X, Y).
% query: t(X).
% query: t(2).
% query: c(X).
% query: a(X), !.
% query: a(X), !, b(Y).
% query: (a(X), !) ; X = 4.
% query: a(X), (b(Y), ! ; Y = z).
