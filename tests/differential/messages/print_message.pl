% print_message(error, E) for error terms, as SWI-Prolog words them
% (standard error is compared): the context(Pred, Msg) prefix and suffix,
% the culprit's type, arithmetic, syntax, resource and unknown errors.
t(G) :- ( catch(G, E, (print_message(error, E), true)) -> true ; true ).

main :-
    t(throw(error(instantiation_error, context(system:atom_length/2, _)))),
    t(throw(error(instantiation_error, context(user:foo/2, _)))),
    t(throw(error(type_error(integer, a), context(foo/2, 'extra message')))),
    forall(member(X, [a, 1, 1.5, "s", [], [a], f(x), 'hello world']),
           t(type_error(integer, X))),
    t(throw(error(domain_error(positive, f(x)), context(bar/1, _)))),
    t(throw(error(evaluation_error(undefined), context(system:(/)/2, _)))),
    t(_ is 1/0),
    t(_ is foo+1),
    t(throw(error(permission_error(modify, static_procedure, foo/1),
                  context(system:assertz/1, _)))),
    t(throw(error(permission_error(open, source_sink, '/x'), context(open/4, 'Permission denied')))),
    t(throw(error(existence_error(matrix, m1), _))),
    t(throw(error(existence_error(procedure, foo/1), foo/1))),
    t(throw(error(representation_error(max_arity), context(functor/3, _)))),
    t(throw(error(resource_error(memory), _))),
    t(throw(error(uninstantiation_error(a), context(open/4, _)))),
    t(throw(error(syntax_error(operator_expected), _))),
    t(number_codes(_, "3x")),
    t(throw(error(foo_error, _))),
    t(throw(my_ball)),
    t(must_be(positive_integer, 0)),
    t(must_be(list, [a|b])),
    t(atom_length(f(x), _)),
    print_message(error, format("x ~w", [1])),
    print_message(warning, error(instantiation_error, context(foo/2, _))).
