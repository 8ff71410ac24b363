% predicate_property/2: dynamic, static, defined, built_in, number_of_clauses,
% number_of_rules, tabled.

:- dynamic counter/1.
:- dynamic empty_dyn/2.
counter(0).
fact(a). fact(b). fact(c).
rule(X) :- fact(X).
:- table path/2.
edge(a, b).
path(X, Y) :- edge(X, Y).

% query: predicate_property(fact(_), dynamic).
% query: predicate_property(counter(_), dynamic).
% query: predicate_property(empty_dyn(_, _), dynamic).
% query: predicate_property(empty_dyn(_, _), number_of_clauses(N)).
% query: predicate_property(fact(_), number_of_clauses(N)).
% query: predicate_property(counter(_), number_of_clauses(N)).
% query: predicate_property(rule(_), defined).
% query: predicate_property(nonexistent(_), defined).
% query: predicate_property(nonexistent(_), P).
% query: predicate_property(fact(_), static).
% query: predicate_property(counter(_), static).
% query: predicate_property(path(_, _), tabled).
% query: predicate_property(fact(_), tabled).
% query: predicate_property(append(_, _, _), defined).
% query: predicate_property(atom_length(_, _), built_in).
% query: predicate_property(atom_length(_, _), defined).
% query: predicate_property(atom_length(_, _), dynamic).
% query: predicate_property(atom_length(_, _), static).
% query: predicate_property(fact(_), built_in).
% query: predicate_property(call(_), built_in).
% query: predicate_property((_, _), built_in).
% query: predicate_property(atom_length(_, _), number_of_clauses(N)).
% query: predicate_property(fact(_), visible).
% query: predicate_property(path(_, _), tabled(X)).
% query: predicate_property(fact(_), foo).
% query: predicate_property(3, dynamic).
% query: predicate_property(fact(_), number_of_rules(N)).
% query: predicate_property(rule(_), number_of_rules(N)).
% query: predicate_property(user:fact(_), dynamic).
% query: predicate_property(member(_, _), built_in).
% query: predicate_property(setup_call_cleanup(_, _, _), built_in).
% query: predicate_property(findall(_, _, _), built_in).
% query: predicate_property(fact(_), defined).
% query: assertz(newp(1)), predicate_property(newp(_), dynamic).
% query: retract(counter(0)), predicate_property(counter(_), number_of_clauses(N)).
% query: findall(P, (predicate_property(fact(_), P), P \= file(_), P \= line_count(_), P \= last_modified_generation(_), P \= size(_)), L).
% query: findall(P, (predicate_property(counter(_), P), P \= file(_), P \= line_count(_), P \= last_modified_generation(_), P \= size(_)), L).
% query: predicate_property(nonexistent(_), P).
% query: predicate_property(X, dynamic), X = counter(_).
% query: predicate_property(X, number_of_clauses(3)), X = fact(_).
% query: findall(P, (predicate_property(fact(_), P), memberchk(P, [interpreted, visible, static, dynamic, number_of_clauses(_), number_of_rules(_), defined, tabled, tabled(_), built_in])), L).
% query: findall(P, (predicate_property(counter(_), P), memberchk(P, [interpreted, visible, static, dynamic, number_of_clauses(_), number_of_rules(_), defined, tabled, tabled(_), built_in])), L).
% query: findall(P, (predicate_property(path(_, _), P), memberchk(P, [interpreted, visible, static, dynamic, number_of_clauses(_), number_of_rules(_), defined, tabled, tabled(_), built_in])), L).
% query: findall(P, (predicate_property(atom_length(_, _), P), memberchk(P, [interpreted, visible, static, dynamic, number_of_clauses(_), number_of_rules(_), defined, tabled, tabled(_), built_in])), L).
% query: predicate_property(atom_length(_, _), interpreted).
% query: predicate_property(append(_, _, _), built_in).
