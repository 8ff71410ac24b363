% Meta-calls: call/N with closures, goals built at run time.
add(X, Y, Z) :- Z is X + Y.
twice(G, X, Z) :- call(G, X, Y), call(G, Y, Z).
compose(F, G, X, Z) :- call(G, X, Y), call(F, Y, Z).
inc(X, Y) :- Y is X + 1.
dbl(X, Y) :- Y is X * 2.
apply_all([], _).
apply_all([G | Gs], X) :- call(G, X), apply_all(Gs, X).
positive(X) :- X > 0.
small(X) :- X < 10.

% query: call(add(1), 2, R).
% query: call(add, 1, 2, R).
% query: twice(inc, 5, R).
% query: twice(add(10), 1, R).
% query: compose(inc, dbl, 5, R).
% query: compose(dbl, inc, 5, R).
% query: apply_all([positive, small], 5).
% query: apply_all([positive, small], 50).
% query: G =.. [add, 2, 3, R], call(G).
% query: Goal = format("~w~n"), call(Goal, [hello]).
% query: maplist(call, [inc(1), dbl(2)], [A, B]).
% query: X = inc, call(X, 1, Y).
% query: call((inc(1, A), dbl(A, B))).
% query: call(member(X), [a, b]).
% query: call(add(1, 2), R, extra).
% query: findall(R, (member(F, [inc, dbl]), call(F, 10, R)), L).
% query: G = (X = 1 ; X = 2), findall(X, G, L).
% query: call(\+, fail).
% query: call(',', X = 1, Y = 2).
% query: call((X = 1 -> Y = a ; Y = b)).
