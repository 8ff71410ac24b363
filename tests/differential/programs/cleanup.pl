% setup_call_cleanup/3, setup_call_catcher_cleanup/4, call_cleanup/2:
% the cleanup runs once, when the goal is finished, with the catcher
% unified with how it finished (exit, fail, !, exception(E),
% external_exception(E)).

:- dynamic resource/1.

acquire(R) :- assertz(resource(R)), format("open ~w~n", [R]).
release(R) :- retract(resource(R)), format("close ~w~n", [R]).

with_resource(R, Goal) :-
    setup_call_cleanup(acquire(R), Goal, release(R)).

items(a). items(b). items(c).

report(C) :- write(cleanup(C)), nl.

% query: setup_call_cleanup(true, X = 1, Y = 2).
% query: setup_call_catcher_cleanup(true, member(X, [1]), C, report(C)).
% query: setup_call_catcher_cleanup(true, member(X, [1, 2]), C, report(C)), !.
% query: setup_call_catcher_cleanup(true, member(X, [1, 2]), C, report(C)), X == 2.
% query: setup_call_catcher_cleanup(true, fail, C, report(C)).
% query: setup_call_catcher_cleanup(true, throw(x), C, report(C)).
% query: setup_call_catcher_cleanup(true, member(X, [1, 2]), C, report(C)), throw(y).
% query: catch((setup_call_catcher_cleanup(true, member(X, [1, 2]), C, report(C)), throw(y)), y, write(handled)).
% query: setup_call_catcher_cleanup(true, (member(X, [1, 2]), throw(e(X))), C, report(C)).
% query: setup_call_catcher_cleanup(true, true, C, (C = exit, write(x))).
% query: setup_call_catcher_cleanup(true, true, fail, write(not_run)).
% query: setup_call_catcher_cleanup(true, true, C, fail).
% query: setup_call_cleanup(member(Z, [1, 2]), write(Z), write(c(Z))).
% query: setup_call_cleanup(S = 1, G = 2, write(c(S, G))).
% query: setup_call_cleanup(true, true, X = 1).
% query: setup_call_cleanup(true, true, (write(a) ; write(b))).
% query: setup_call_cleanup(true, (member(X, [1, 2]), X > 1), write(c(X))).
% query: setup_call_cleanup(true, member(X, [1, 2, 3]), write(c)), X >= 2, !.
% query: setup_call_catcher_cleanup(true, member(X, [1, 2]), C, report(C)), X > 5.
% query: setup_call_cleanup(true, !, write(c)).
% query: setup_call_cleanup(true, (member(X, [1, 2]), !), write(c)).
% query: setup_call_cleanup(true, member(X, [1, 2]), write(c)), write(X), X >= 2.
% query: setup_call_catcher_cleanup(true, member(X, [1, 2]), C, true), \+ X = 1.
% query: \+ setup_call_catcher_cleanup(true, member(X, [1, 2]), C, report(C)).
% query: forall(setup_call_catcher_cleanup(true, member(X, [1, 2, 3]), C, report(C)), X < 2).
% query: once(setup_call_catcher_cleanup(true, member(X, [1, 2, 3]), C, report(C))).
% query: (setup_call_catcher_cleanup(true, member(X, [1, 2]), C, report(C)) -> write(then) ; write(else)).
% query: setup_call_catcher_cleanup(true, setup_call_catcher_cleanup(true, member(X, [1, 2]), C1, report(inner(C1))), C2, report(outer(C2))), !.
% query: findall(X-C, setup_call_catcher_cleanup(true, member(X, [1, 2]), C, true), [A, B]), A = 1-_, B == 2-exit.
% query: call_cleanup(member(X, [a, b]), write(c)).
% query: call_cleanup(fail, write(c)).
% query: catch(setup_call_cleanup(true, throw(x), write(c)), B, write(caught(B))).
% query: catch(setup_call_cleanup(true, true, throw(x)), B, write(caught(B))).
% query: setup_call_cleanup(true, true, throw(z)).
% query: setup_call_cleanup(true, fail, throw(z)).
% query: setup_call_cleanup(true, throw(a), throw(z)).
% query: setup_call_catcher_cleanup(true, between(1, inf, X), C, report(C)).
% query: with_resource(r1, items(X)).
% query: with_resource(r2, fail).
% query: with_resource(r3, items(X)), !.
% query: catch(with_resource(r4, throw(oops)), E, true).
% query: resource(R).
% query: setup_call_cleanup(X, true, true).
% query: setup_call_cleanup(1, true, true).
% query: setup_call_cleanup(true, X, write(c)).
% query: setup_call_cleanup(true, 1, write(c)).
% query: setup_call_cleanup(true, (fail, 1), write(c)).
% query: setup_call_cleanup(true, true, X).
% query: setup_call_cleanup(write(s), write(g), 1).
% query: setup_call_cleanup(write(s), write(g), (true, 1)).
% query: call_cleanup(X, true).
% query: call_cleanup(true, 1).
