% Commonly used SWI-Prolog library predicates beyond the core list set:
% ordsets, assoc, char_type/code_type, and other list helpers.

% query: list_to_ord_set([c, a, b, a], S).
% query: ord_union([a, c], [b, d], U).
% query: ord_subtract([a, b, c, d], [b, d], S).
% query: ord_intersection([a, b, c], [b, c, d], I).
% query: ord_memberchk(b, [a, b, c]).
% query: ord_subset([a, c], [a, b, c]).
% query: list_to_assoc([a-1, b-2, c-3], _A), get_assoc(b, _A, V).
% query: list_to_assoc([a-1], _A0), put_assoc(z, _A0, 26, _A1), get_assoc(z, _A1, V), assoc_to_list(_A1, L).
% query: list_to_assoc([k-v, a-b], _A), assoc_to_keys(_A, Ks), assoc_to_values(_A, Vs).
% query: empty_assoc(A), get_assoc(x, A, _).
% query: char_type(a, alpha).
% query: char_type('1', digit(W)).
% query: upcase_atom(hello, U), char_type(h, upper(Up)).
% query: code_type(0'7, digit).
% query: code_type(0' , space).
% query: atom_chars(hello, Cs), include([C]>>char_type(C, alpha), Cs, As).
% query: sumlist([1, 2, 3], S).
% query: max_member(M, [3, 1, 4]).
% query: nth0(1, [a, b, c], E, R).
% query: nth1(2, L, x, [a, b]).
% query: last([a, b, c], L).
% query: proper_length([a, b | _], N).
% query: proper_length([a, b], N).
% query: sort(0, @>=, [c-1, a-2, b-3], S).
% query: max_list([1, 5, 2], M), min_list([4, 2, 8], N).
% query: numlist(1, 10, L), exclude([X]>>(X mod 3 =:= 0), L, R).
% query: length(L, 3), maplist([X]>>(X = z), L).
% query: foldl([X, A0, A]>>(A is A0 + X), [1, 2, 3], 0, S).
% query: aggregate_all(count, member(_, [a, b]), C), aggregate_all(max(X), member(X, [3, 1]), M).
% query: string_code(1, "abc", C).
% query: sub_string("hello", 1, 3, _, S).
% query: tab(2), write(x), nl.
