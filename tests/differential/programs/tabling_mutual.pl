% Tabling: mutual recursion and left recursion through two predicates.
:- table even/1, odd/1.
even(0).
even(N) :- odd(M), M < 20, N is M + 1.
odd(N) :- even(M), M < 20, N is M + 1.

:- table reach/2, step/2.
reach(X, Y) :- step(X, Y).
reach(X, Y) :- reach(X, Z), step(Z, Y).
step(X, Y) :- link(X, Y).
step(X, Y) :- reach(Y, X), link(Y, X).
link(1, 2). link(2, 3). link(3, 1). link(3, 4).

% Same generation, the classic tabled benchmark.
:- table sg/2.
sg(X, X) :- person(X).
sg(X, Y) :- par(X, XP), sg(XP, YP), par(Y, YP).
par(c1, p1). par(c2, p1). par(c3, p2). par(p1, g). par(p2, g).
person(X) :- member(X, [c1, c2, c3, p1, p2, g]).

% query(set): even(X).
% query(set): odd(X).
% query: even(10).
% query: odd(10).
% query(set): reach(1, Y).
% query(set): reach(X, 4).
% query(set): sg(c1, Y).
% query(set): sg(X, Y).
% query: setof(X, even(X), L).
