% SWI-Prolog 7: the empty list [] is a reserved constant, not the atom '[]'.
check(T, Ts) :-
    findall(N, (member(N, [atom, atomic, callable, is_list, compound]), call(N, T)), Ts).
count_atoms(T, N) :- findall(A, (sub_term_atom(A, T)), As), length(As, N).
sub_term_atom(T, T) :- atom(T).
sub_term_atom(A, T) :- compound(T), T =.. [_ | Args], member(X, Args), sub_term_atom(A, X).

% query: check([], Ts).
% query: check('[]', Ts).
% query: [] = '[]'.
% query: [] == '[]'.
% query: atom_length([], N).
% query: atom_codes('[]', L).
% query: count_atoms(f(a, [c]), N).
% query: writeq(['[]', [], '{}', {}]), nl.
% query: X = '[]', is_list(X).
% query: compare(O, [], '[]').
% query: functor([], N, A).
% query: atom([]).
