% Generic term traversal with =.., functor/3 and arg/3.
count_atoms(T, N) :- atom(T), !, N = 1.
count_atoms(T, 0) :- \+ compound(T), !.
count_atoms(T, N) :- T =.. [_ | Args], foldl(add_atoms, Args, 0, N).
add_atoms(T, A0, A) :- count_atoms(T, N), A is A0 + N.

subst(Old, New, T, New) :- T == Old, !.
subst(_, _, T, T) :- \+ compound(T), !.
subst(Old, New, T, R) :- T =.. [F | As], maplist(subst(Old, New), As, Bs), R =.. [F | Bs].

depth(T, 0) :- \+ compound(T), !.
depth(T, D) :- T =.. [_ | As], maplist(depth, As, Ds), max_list(Ds, M), D is M + 1.

args_of(T, L) :- functor(T, _, N), findall(A, (between(1, N, I), arg(I, T, A)), L).

mk(Name, N, T) :- functor(T, Name, N), forall(between(1, N, I), arg(I, T, I)).

% query: count_atoms(f(a, g(b, 1), c), N).
% query: subst(x, y, f(x, g(x, z), [x]), R).
% query: subst(a + b, c, (a + b) * (a + b) - a, R).
% query: depth(f(g(h(a)), b), D).
% query: args_of(point(1, 2, 3), L).
% query: mk(p, 4, T).
% query: functor(T, f, 3), arg(1, T, a), T = f(_, b, _), arg(3, T, c).
% query: T =.. [foo, X, Y], X = 1, Y = 2.
