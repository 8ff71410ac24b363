% Errors raised deep inside control constructs and library predicates.
bad(X) :- X is foo + 1.
check(X) :- X > 0.

% query: findall(X, (member(X, [1, 2]), bad(X)), L).
% query: forall(member(X, [1, a]), check(X)).
% query: maplist(check, [1, b]).
% query: catch(maplist(check, [1, b]), error(type_error(T, V), _), true).
% query: catch(findall(X, bad(X), L), error(E, _), true).
% query: \+ bad(1).
% query: once(bad(1)).
% query: ignore(bad(1)).
% query: catch((member(X, [1, 2, 3]), X >= 2, bad(X)), error(E, _), (write(caught), nl)).
% query: catch(setof(X, bad(X), L), error(E, _), true).
% query: catch(aggregate_all(count, bad(_), N), error(E, _), true).
% query: member(X, [1, 2]), catch(bad(X), _, fail).
% query: catch(catch(bad(1), error(instantiation_error, _), write(wrong)), error(E, _), (write(right), nl)).
% query: write(before), nl, bad(1).
