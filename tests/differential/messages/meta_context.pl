% print_message(error, E) for the errors of unbound and non-callable
% goals (issue #18): the context names the predicate as SWI-Prolog prints
% it (system modules such as '$bags' left off, '<meta-call>'/1 quoted).
p(G) :- G.
q(G) :- \+ G.
t(G) :- ( catch(G, E, (print_message(error, E), true)) -> true ; true ).

main :-
    t(call(_)), t(call(_, a)), t(catch(_, foo, true)), t(p(_)), t(q(_)),
    t((true, _)), t(\+ _), t(call((fail ; _))), t(findall(a, _, _)),
    t(bagof(a, _, _)), t(forall(_, true)), t(once(_)), t(ignore(_)),
    t(not(_)), t(aggregate_all(count, _, _)), t(maplist(_, [1])),
    t(setup_call_cleanup(_, true, true)), t(phrase(_, [])),
    t(call(1)), t(p(1)), t(call((true, 1))), t(catch(\+ 1, foo, true)),
    t(_ =.. _), t(_ is _).
