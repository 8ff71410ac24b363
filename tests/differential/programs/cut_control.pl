% Cut inside control constructs: ->, \+, call/1, ;.
a(1). a(2). a(3).

% cut in the condition of if-then-else is local to the condition
ite1(X) :- ( a(X), ! -> true ; X = none ).
% cut in the then-branch cuts the clause
ite2(X) :- ( true -> a(X), ! ; X = none ).
ite2(clause2).
% cut in the else-branch cuts the clause
ite3(X) :- ( fail -> true ; a(X), ! ).
ite3(clause2).
% cut inside \+ is local
neg(X) :- a(X), \+ (a(Y), !, Y > 1).
% call/1 is opaque to cut
opaque(X) :- a(X), call(!).
opaque(clause2).
opaque2(X) :- call((a(X), !)).
opaque2(clause2).
% cut in a disjunction cuts the clause
disj(X) :- ( a(X), ! ; X = other ).
disj(clause2).
disj2(X) :- ( X = other ; a(X), ! ).
disj2(clause2).
% once/1 is like call((G, !))
onc(X) :- once(a(X)).
onc(clause2).
% cut through findall is local
fa(L) :- findall(X, (a(X), !), L).
% cut inside catch/3 goal is local to catch
ca(X) :- catch((a(X), !), _, true).
ca(clause2).
% nested if-then-else
nest(X, R) :- ( X > 2 -> ( X > 5 -> R = big ; R = medium ) ; R = small ).
% the goal of call/1 with a cut in a conjunction
cc(X, Y) :- a(X), call((a(Y), !)).

% query: ite1(X).
% query: ite2(X).
% query: ite3(X).
% query: neg(X).
% query: opaque(X).
% query: opaque2(X).
% query: disj(X).
% query: disj2(X).
% query: onc(X).
% query: fa(L).
% query: ca(X).
% query: nest(1, R).
% query: nest(4, R).
% query: nest(9, R).
% query: cc(X, Y).
% query: G = (a(X), !), call(G).
% query: G = (a(X), !), G.
% query: \+ \+ (X = 1), var(X).
% query: forall(a(X), X > 0).
% query: forall(a(X), X > 1).
% query: findall(X, (a(X), (X > 1 -> ! ; true)), L).
