% select/3, selectchk/3, permutation/2, delete/3, subtract/3,
% intersection/3, union/3, flatten/2, pairs_*, exclude/3, nextto/3, between/3.

% query: select(b, [a, b, c, b], L).
% query: select(X, [a, b, c], L).
% query: select(x, L, [a, b]).
% query: selectchk(b, [a, b, c, b], L).
% query: select(x, [a, b], L).
% query: permutation([1, 2, 3], P).
% query: permutation([], P).
% query: permutation(P, [a, b]).
% query: findall(P, permutation([a, b, c, d], P), Ps), length(Ps, N).
% query: delete([a, b, a, c], a, L).
% query: delete([f(1), g(2), f(3)], f(_), L).
% query: subtract([1, 2, 3, 4], [2, 4], L).
% query: intersection([a, b, c], [c, a, d], L).
% query: union([a, b], [b, c], L).
% query: flatten([1, [2, [3, 4]], [], [[5]]], L).
% query: flatten(a, L).
% query: flatten([a, [B, c]], L).
% query: pairs_keys_values(P, [a, b], [1, 2]).
% query: pairs_keys_values([x-1, y-2], K, V).
% query: pairs_keys([a-1, b-2], K).
% query: pairs_values([a-1, b-2], V).
% query: nextto(X, Y, [1, 2, 3]).
% query: exclude([X]>>memberchk(X, [b]), [a, b, c], L).
% query: sumlist([1, 2], S), last([1, 2, 3], La), msort([b, a], M).
% query: max_member(X, [1, 5, 3]), min_member(Y, [4, 2, 8]).
% query: list_to_set([c, a, c, b, a], S).
% query: exclude([X]>>(X = a), [a, B, c], L).
% query: subtract([a, b, c], [], L).
% query: permutation([a, a], P).
% query: sort(0, @>=, [1, 2, 3, 2], L), nth0(0, L, First).
