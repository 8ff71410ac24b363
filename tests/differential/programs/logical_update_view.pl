% The logical update view: a running goal sees the clauses that existed
% when it was called.
:- dynamic p/1.
:- dynamic q/1.
:- dynamic r/1.
p(1). p(2). p(3).
q(1).
r(1). r(2). r(3).

grow :- q(X), X < 5, Y is X + 1, assertz(q(Y)), fail.
grow.

% query: p(X), assertz(p(new)), X == 3.
% query: findall(X, p(X), L).
% query: p(X), retract(p(2)).
% query: findall(X, p(X), L).
% query: grow, findall(X, q(X), L).
% query: retract(r(X)), write(X), nl, fail.
% query: findall(X, r(X), L).
% query: assertz(r(a)), assertz(r(b)), retract(r(X)), assertz(r(X)), fail.
% query: findall(X, r(X), L).
