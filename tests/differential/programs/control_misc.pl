% ->, *->, once/1, ignore/1, forall/2, not/1, \+, call/N, true, fail, repeat.
:- dynamic cnt/1.
cnt(0).
p(1). p(2). p(3).

step(N) :- retract(cnt(C)), N is C + 1, assertz(cnt(N)).

% query: ( p(X) -> Y = yes ; Y = no ).
% query: ( p(7) -> Y = yes ; Y = no ).
% query: ( p(X) *-> Y = yes ; Y = no ).
% query: ( p(7) *-> Y = yes ; Y = no ).
% query: ( p(X) -> true ).
% query: ( fail -> true ).
% query: ( true ; true ).
% query: ( X = 1 ; X = 2 ; X = 3 ).
% query: ( X = 1 , fail ; X = 2 ).
% query: once(p(X)).
% query: once(p(7)).
% query: ignore(p(7)).
% query: ignore(p(X)).
% query: forall(p(X), X < 10).
% query: forall(member(X, [1, 2]), (write(X), nl)).
% query: not(p(7)).
% query: not(p(1)).
% query: \+ p(7).
% query: \+ X = 1.
% query: call(p, X).
% query: call(format, "~w~n", [hi]).
% query: G = p(X), call(G).
% query: call((p(X), X > 1)).
% query: call(;, X = a, X = b).
% query: call(plus(1), 2, R).
% query: repeat, step(N), N >= 3, !.
% query: true.
% query: fail.
% query: false.
% query: call(1).
% query: call(_).
% query: call((fail, 1)).
% query: call((write(x), 1)).
% query: (p(X), X > 1 -> write(X) ; write(none)), nl.
% query: ( member(X, [1, 2, 3]), X > 1 *-> write(X) ; write(none) ), nl.
% query: findall(X-Y, ( p(X) *-> Y = t ; Y = f ), L).
% query: catch(call(foo_undefined, 1), error(E, _), true).
% query: X = 1, ( X == 1 -> Y = a ; X == 2 -> Y = b ; Y = c ).
% query: X = 3, ( X == 1 -> Y = a ; X == 2 -> Y = b ; Y = c ).
