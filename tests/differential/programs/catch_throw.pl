% catch/3 and throw/1.
risky(X) :- X > 5, throw(too_big(X)).
risky(X) :- X =< 5.

guarded(X, R) :- catch((risky(X), R = ok), too_big(V), R = caught(V)).

rethrow(G, R) :- catch(G, E, (E = mine(_) -> R = handled(E) ; throw(E))).

gen(X) :- member(X, [1, 2, 3]).

cleanup(R) :- catch(inner, E, R = outer(E)).
inner :- catch(throw(a), b, true).

% query: catch(throw(my_error), E, true).
% query: catch(throw(f(X)), f(Y), true).
% query: catch(throw(my), other, true).
% query: guarded(3, R).
% query: guarded(9, R).
% query: rethrow(throw(mine(1)), R).
% query: rethrow(throw(yours(1)), R).
% query: catch(rethrow(throw(yours(1)), R), yours(X), true).
% query: catch(gen(X), _, true).
% query: catch((gen(X), X > 1), _, true).
% query: catch((gen(X), X > 1, throw(found(X))), found(Y), true).
% query: cleanup(R).
% query: catch(throw(1), X, (Y is X + 1)).
% query: catch(catch(throw(deep), shallow, true), deep, write(caught_deep)), nl.
% query: catch(throw(error(type_error(integer, a), ctx)), error(type_error(T, V), _), true).
% query: catch(atom_length(1, 2, 3), error(E, _), true).
% query: catch(X is 1 / 0, error(E, _), true).
% query: catch(undefined_pred_xyz, error(existence_error(procedure, PI), _), true).
% query: catch(throw(X), error(E, _), true).
% query: throw(uncaught).
% query: throw(error(type_error(integer, foo), context_here)).
% query: catch(throw(a), E, throw(b)).
% query: catch(true, _, true).
% query: catch(fail, _, true).
% query: catch((write(before), nl, throw(x)), x, (write(after), nl)).
% query: X = 1, catch((X = 1, throw(t)), t, true).
% query: catch((Y = bound, throw(t)), t, true).
% query: catch(throw(ball(Z)), ball(W), W = z_val).
% query: catch(number_codes(N, "12a"), error(syntax_error(_), _), true).
% query: catch(atom_length(X, Y), error(Err, _), true).
% query: catch(call(1), error(Err, _), true).
% query: catch(arg(x, f(a), _), error(Err, _), true).
% query: catch(functor(_, _, _), error(Err, _), true).
% query: catch(atom_codes(_, _), error(Err, _), true).
% query: catch(msort(a, _), error(Err, _), true).
% query: catch(succ(_, 0), error(Err, _), true).
% query: catch(atom_length(abc, -1), error(Err, _), true).
