% The database and static predicates: clause/2 on facts and rules,
% modifying a static (consulted, not dynamic) predicate, private builtins.
:- dynamic dyn/1.
dyn(1).
dyn(2).
stat(1).
stat(2).
rule(X) :- stat(X), X > 1.

% query: clause(dyn(X), B).
% query: clause(rule(X), B).
% query: clause(stat(X), B).
% query: retract((dyn(X) :- true)).
% query: dyn(X).
% query: catch(assertz(stat(3)), error(E, _), true).
% query: catch(retract(stat(1)), error(E, _), true).
% query: findall(X, stat(X), L).
% query: catch(clause(atom_length(_, _), B), error(E, _), true).
% query: catch(assertz(append(a, b, c)), error(E, _), true).
% query: catch(clause(_, B), error(E, _), true).
% query: catch(clause(3, B), error(E, _), true).
% query: retractall(stat(_)).
% query: assertz(newpred(1)), retract(newpred(1)), catch(newpred(X), error(E, _), true).
