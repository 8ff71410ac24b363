% assert/1, asserta/1, assertz/1, retract/1, retractall/1, abolish/1.
:- dynamic fact/1.
:- dynamic counter/1.
:- dynamic edge/2.
fact(one).
counter(0).

incr :- retract(counter(N)), N1 is N + 1, assertz(counter(N1)).

% query: fact(X).
% query: assertz(fact(two)), asserta(fact(zero)), findall(X, fact(X), L).
% query: assert(fact(three)), findall(X, fact(X), L).
% query: retract(fact(one)), findall(X, fact(X), L).
% query: retract(fact(nope)).
% query: retract(fact(X)).
% query: findall(X, fact(X), L).
% query: incr, incr, incr, counter(N).
% query: assertz(edge(a, b)), assertz(edge(b, c)), assertz(edge(a, c)), retractall(edge(a, _)), findall(X-Y, edge(X, Y), L).
% query: retractall(edge(_, _)), findall(X-Y, edge(X, Y), L).
% query: retractall(undefined_thing(_)), findall(X, undefined_thing(X), L).
% query: assertz((double(X, Y) :- Y is 2 * X)), double(21, R).
% query: clause(double(A, B), Body).
% query: retract((double(_, _) :- Body)).
% query: double(1, R).
% query: assertz(tmp(1)), assertz(tmp(2)), abolish(tmp/1), catch(tmp(_), error(E, _), true).
% query: assertz(foo), foo.
% query: asserta(fact(f(X, Y, X))), fact(f(1, B, C)).
% query: assertz(3).
% query: assertz((foo :- 3)).
% query: assert(X).
% query: assertz(atom_length(a, 1)).
% query: retract(counter(X)), X > 100.
% query: counter(X).
% query: assertz(stack(1)), assertz(stack(2)), assertz(stack(3)), retract(stack(X)), X >= 2.
% query: findall(X, stack(X), L).
