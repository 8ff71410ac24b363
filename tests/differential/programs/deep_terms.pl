% Deep and long terms: unification, comparison, copying, printing and
% storing terms far deeper than any recursion limit of a host language.
nest(0, T, T) :- !.
nest(N, T0, T) :- N1 is N - 1, nest(N1, f(T0), T).

depth(T, D) :- depth(T, 0, D).
depth(T, D0, D) :- nonvar(T), T = f(A), !, D1 is D0 + 1, depth(A, D1, D).
depth(_, D, D).

% query: length(_L, 20000), length(_M, 20000), _L = _M, _L == _M.
% query: numlist(1, 20000, _L), numlist(1, 20000, _M), _L == _M, compare(O, _L, _M).
% query: numlist(1, 20000, _L), append(_L, [x], _M), compare(O, _L, _M).
% query: nest(20000, a, _T), nest(20000, a, _U), _T == _U, _T = _U.
% query: nest(20000, X, _T), nest(20000, b, _U), _T = _U.
% query: nest(20000, X, _T), copy_term(_T, _C), depth(_C, D).
% query: nest(20000, a, _T), term_variables(_T, Vs).
% query: nest(5000, a, _T), format(atom(_A), "~w", [_T]), atom_length(_A, N).
% query: nest(5000, a, _T), with_output_to(string(_S), write_canonical(_T)), string_length(_S, N).
% query: numlist(1, 20000, _L), format(atom(_A), "~w", [_L]), atom_length(_A, N).
% query: numlist(1, 20000, _L), assertz(big(_L)), big(_M), length(_M, N).
% query: nest(20000, a, _T), assertz(deep(_T)), deep(_U), depth(_U, D).
% query: nest(20000, a, _T), findall(_T, member(_, [1, 2]), [_A, _B]), _A == _B.
% query: numlist(1, 20000, _L), msort(_L, _S), _S == _L.
% query: length(_L, 20000), term_variables(_L, _Vs), length(_Vs, N).
% query: nest(20000, a, _T), ground(_T).
% query: _X is 2 ** 10000, atom_length(_X, L).
% query: X is 7 ** 2000 mod 1000000007.
% query: numlist(1, 20000, _L), atomic_list_concat(_L, ',', _A), atomic_list_concat(_P, ',', _A), length(_P, N).
% query: length(_L, 20000), maplist(=(a), _L), atom_chars(_A, _L), atom_length(_A, N).
% query: nest(10000, a, _T), unify_with_occurs_check(_X, _T), depth(_X, D).
