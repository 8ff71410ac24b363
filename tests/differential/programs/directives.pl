% Directives: dynamic with several indicators, discontiguous, op, table
% in one program; clauses of a discontiguous predicate spread out.
:- dynamic seen/1, note/2.
:- discontiguous color/1, shape/1.
:- op(700, xfx, is_a).

color(red).
shape(circle).
color(green).
shape(square).
color(blue).

tom is_a cat.
felix is_a cat.
rex is_a dog.

:- initialization(assertz(seen(init))).

% query: color(C).
% query: shape(S).
% query: X is_a cat.
% query: findall(A-B, A is_a B, L).
% query: seen(X).
% query: note(X, Y).
% query: assertz(note(a, 1)), note(X, Y).
