% The context of the error a meta-call raises for an unbound or
% non-callable goal (issue #18), as SWI-Prolog 9 names it: the predicate
% whose clause body holds the variable goal (control constructs and
% call/N in a body are compiled into it), '<meta-call>'/1 for a variable
% goal among meta-called control constructs, else the meta-predicate.

p(G) :- G.
q(G) :- \+ G.
r(G) :- call(G).
s(G) :- call(G, a).
d(G) :- ( fail ; G ).
i(G) :- ( G -> true ; true ).
e(G) :- ( true -> G ; true ).
sc(G) :- ( G *-> true ; true ).
nn(G) :- \+ \+ G.
cl(G) :- a, G.
nest(G) :- ( true, ( fail ; \+ ( true, G ) ) ).
t1 :- X = _, X.
t2(G) :- call(G, 1, 2).
t3(G) :- G = 1, call(G).
t5(G) :- call(user:G).
t6(G) :- user:G.
cc(G) :- call((true, G)).
cn(G) :- call((G, true)).
c(G) :- catch(G, error(_, context(P, _)), true), P = P.
f(G) :- findall(x, G, _).
fa(G) :- forall(G, true).
o(G) :- once(G).
ig(G) :- ignore(G).
n(G) :- not(G).
b(G) :- bagof(x, G, _).
ag(G) :- aggregate_all(count, G, _).
ml(G) :- maplist(G, [1]).
fl(G) :- foldl(G, [1], 0, _).
in(G) :- include(G, [1], _).
a.
co(G, X) :- member(X, [1, 2, 3]), ( fail ; G ).

% query: catch(call(_X), error(F, context(P, _)), true).
% query: catch(_X, error(F, context(P, _)), true).
% query: catch(\+ _X, error(F, context(P, _)), true).
% query: catch((_X, true), error(F, context(P, _)), true).
% query: catch((true, _X), error(F, context(P, _)), true).
% query: catch(call((fail ; _X)), error(F, context(P, _)), true).
% query: catch(findall(a, _X, _L), error(F, context(P, _)), true).
% query: catch(findall(a, _X, _L, []), error(F, context(P, _)), true).
% query: catch(findall(a, (true, _X), _L), error(F, context(P, _)), true).
% query: catch(forall(_X, true), error(F, context(P, _)), true).
% query: catch(forall(true, _X), error(F, context(P, _)), true).
% query: catch(once(_X), error(F, context(P, _)), true).
% query: catch(once((true, _X)), error(F, context(P, _)), true).
% query: catch(ignore(_X), error(F, context(P, _)), true).
% query: catch(not(_X), error(F, context(P, _)), true).
% query: catch(\+ \+ _X, error(F, context(P, _)), true).
% query: catch((_X -> true ; true), error(F, context(P, _)), true).
% query: catch((true -> _X ; true), error(F, context(P, _)), true).
% query: catch((_X *-> true ; true), error(F, context(P, _)), true).
% query: catch((fail ; _X), error(F, context(P, _)), true).
% query: catch(call((_X, true)), error(F, context(P, _)), true).
% query: catch(call(_X, a), error(F, context(P, _)), true).
% query: catch(call(_X, a, b), error(F, context(P, _)), true).
% query: catch(call(user:_X), error(F, context(P, _)), true).
% query: catch(bagof(a, _X, _L), error(F, context(P, _)), true).
% query: catch(setof(a, _X, _L), error(F, context(P, _)), true).
% query: catch(bagof(a, _Y^_X, _L), error(F, context(P, _)), true).
% query: catch(bagof(a, _Y^(true, _X), _L), error(F, context(P, _)), true).
% query: catch(aggregate_all(count, _X, _N), error(F, context(P, _)), true).
% query: catch(aggregate_all(max(x), _X, _N), error(F, context(P, _)), true).
% query: catch(aggregate_all(bag(x), _X, _N), error(F, context(P, _)), true).
% query: catch(setup_call_cleanup(true, _X, true), error(F, context(P, _)), true).
% query: catch(setup_call_cleanup(_X, true, true), error(F, context(P, _)), true).
% query: catch(setup_call_cleanup(true, true, _X), error(F, context(P, _)), true).
% query: catch(call_cleanup(_X, true), error(F, context(P, _)), true).
% query: catch(phrase(_X, []), error(F, context(P, _)), true).
% query: catch(call(1), error(F, context(P, _)), true).
% query: catch(call(1, a), error(F, context(P, _)), true).
% query: catch(call((fail ; 1)), error(F, context(P, _)), true).
% query: catch(call((true, 1)), error(F, context(P, _)), true).
% query: catch((_X = 1, call((true, _X))), error(F, context(P, _)), true).
% query: catch((_X = 1, _X), error(F, context(P, _)), true).
% query: catch((_X = 1, \+ _X), error(F, context(P, _)), true).
% query: catch((_X = 1, not(_X)), error(F, context(P, _)), true).
% query: catch(1, error(F, context(P, _)), true).
% query: catch(\+ 1, error(F, context(P, _)), true).
% query: catch(findall(a, 1, _L), error(F, context(P, _)), true).
% query: catch(forall(1, true), error(F, context(P, _)), true).
% query: catch(once(1), error(F, context(P, _)), true).
% query: catch(not(1), error(F, context(P, _)), true).
% query: catch(aggregate_all(count, 1, _N), error(F, context(P, _)), true).
% query: catch(p(_X), error(F, context(P, _)), true).
% query: catch(q(_X), error(F, context(P, _)), true).
% query: catch(r(_X), error(F, context(P, _)), true).
% query: catch(s(_X), error(F, context(P, _)), true).
% query: catch(d(_X), error(F, context(P, _)), true).
% query: catch(i(_X), error(F, context(P, _)), true).
% query: catch(e(_X), error(F, context(P, _)), true).
% query: catch(sc(_X), error(F, context(P, _)), true).
% query: catch(nn(_X), error(F, context(P, _)), true).
% query: catch(cl(_X), error(F, context(P, _)), true).
% query: catch(nest(_X), error(F, context(P, _)), true).
% query: catch(t1, error(F, context(P, _)), true).
% query: catch(t2(_X), error(F, context(P, _)), true).
% query: catch(t3(_X), error(F, context(P, _)), true).
% query: catch(t5(_X), error(F, context(P, _)), true).
% query: catch(t6(_X), error(F, context(P, _)), true).
% query: catch(cc(_X), error(F, context(P, _)), true).
% query: catch(cn(_X), error(F, context(P, _)), true).
% query: c(_X).
% query: catch(f(_X), error(F, context(P, _)), true).
% query: catch(fa(_X), error(F, context(P, _)), true).
% query: catch(o(_X), error(F, context(P, _)), true).
% query: catch(ig(_X), error(F, context(P, _)), true).
% query: catch(n(_X), error(F, context(P, _)), true).
% query: catch(b(_X), error(F, context(P, _)), true).
% query: catch(ag(_X), error(F, context(P, _)), true).
% query: catch(ml(_X), error(F, context(P, _)), true).
% query: catch(fl(_X), error(F, context(P, _)), true).
% query: catch(in(_X), error(F, context(P, _)), true).
% query: catch(p(1), error(F, context(P, _)), true).
% query: catch(q(1), error(F, context(P, _)), true).
% query: catch(r(1), error(F, context(P, _)), true).
% query: catch(d(1), error(F, context(P, _)), true).
% query: catch(o(1), error(F, context(P, _)), true).
% query: catch(f(1), error(F, context(P, _)), true).
% query: catch(cn(1), error(F, context(P, _)), true).
% query: catch(p((fail ; _X)), error(F, context(P, _)), true).
% query: catch(r((fail ; _X)), error(F, context(P, _)), true).
% query: p(_X).
% query: r(1).
% query: call((fail ; _X)).
% query: findall(X, co(!, X), L).
% query: _G = !, findall(X, (member(X, [1, 2, 3]), (fail ; _G)), L).
% query: findall(X, (member(X, [1, 2, 3]), call((fail ; !))), L).
% query: _G = (member(X, [1, 2]), !), findall(X, call((true, _G)), L).
