% More control: cut barriers of call/N, catch scope, exceptions through cut.
a(1). a(2). a(3).

% query: call((!, fail ; true)).
% query: call((a(X), !, X > 1 ; X = 9)).
% query: forall(member(X, [1, 2]), (!, X > 0)).
% query: catch((member(X, [1, 2, 3]), !, throw(x)), x, true).
% query: catch(member(X, [1, 2]), _, write(caught)), throw(after).
% query: catch(member(X, [1, 2]), _, true), X > 1.
% query: catch(a(X), _, true), X >= 2, !.
% query: once((a(X), X > 1)), a(Y).
% query: (a(X) -> (a(Y), Y > X) ; true).
% query: \+ (a(X), X > 3).
% query: findall(X-Y, (a(X), \+ (a(Y), Y > X)), L).
% query: G = (a(X), !), findall(X, G, L).
% query: findall(X, call((a(X), !)), L).
% query: findall(X, (call(a, X), !), L).
% query: between(1, 100000, X), X >= 100000.
% query: length(L, 2), L = [a | _].
% query: ( member(X, [1, 2, 3]), X > 1 -> Y = X ; Y = none ), Z = Y.
% query: catch((a(X), X > 1, throw(found(X))), found(Y), true), var(X).
% query: catch(throw(first), E1, catch(throw(second(E1)), E2, true)).
% query: not(not(a(1))).
% query: call((fail ; a(X))).
% query: ignore((a(X), X > 1)), nonvar(X).
% query: once(member(X, [])) ; X = empty.
% query: (true ; write(second), nl), write(first), nl.
% query: a(X), (X =:= 2 -> ! ; true), write(X), nl.
