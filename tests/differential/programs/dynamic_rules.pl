% Asserting rules with control constructs, and calling them.
:- dynamic sign_of/2.
:- dynamic log_entry/1.

setup :-
    assertz((sign_of(X, S) :- ( X > 0 -> S = pos ; X < 0 -> S = neg ; S = zero ))),
    assertz((first_pos(L, X) :- member(X, L), X > 0, !)),
    assertz((logged(G) :- assertz(log_entry(G)), call(G))),
    assertz((safe_div(X, Y, Z) :- catch(Z is X / Y, error(E, _), (Z = error(E))))).

% query: setup.
% query: sign_of(5, S), sign_of(-2, T), sign_of(0, U).
% query: first_pos([-1, 0, 3, 4], X).
% query: logged(X = 1), logged(member(Y, [a, b])), findall(E, log_entry(E), Es).
% query: safe_div(1, 0, Z).
% query: safe_div(6, 3, Z).
% query: clause(first_pos(A, B), Body).
% query: retract((sign_of(_, _) :- _)), catch(sign_of(1, S), error(E, _), true).
% query: assertz((dyn_loop(0) :- !)), assertz((dyn_loop(N) :- N1 is N - 1, dyn_loop(N1))), dyn_loop(10000).
% query: asserta(stack_item(1)), asserta(stack_item(2)), findall(X, stack_item(X), L).
