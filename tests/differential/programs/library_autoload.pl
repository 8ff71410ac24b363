% SWI's autoloaded library predicates beyond the basics (issue 18): each
% called in its typical modes, no use_module needed (SWI autoloads them).
p(3). p(1). p(2). p(1).
q(a, 3). q(b, 1). q(c, 2). q(a, 1).
double(X, Y) :- Y is 2*X.
small(X, Y) :- X < 3, Y is X*10.

% -- library(lists)
% query: msort([b,a,c,a,b,a], S), clumped(S, P).
% query: clumped([], P).
% query: clumped([f(X),f(X),f(Y)], P).
% query: subset([a,c], [a,b,c]).
% query: subset([a,d], [a,b,c]).
% query: is_set([a,b,c]).
% query: is_set([a,b,a]).
% query: is_set(foo).
% query: same_length(L, [x,y]).
% query: prefix(P, [1,2,3]).
% query: prefix([1,2], [1,2,3]).
% query: selectchk(b, [a,b,c,b], x, L).
% query: max_member([X,Y]>>(X @=< Y), M, [3,1,4,1]).
% query: min_member([X,Y]>>(X @=< Y), M, [3,1,4,1]).
% query: max_member([X,Y]>>(X @=< Y), M, []).
% -- library(apply)
% query: foldl([A,B,C,D,S0,S]>>(S is S0+A*B*C*D), [1,2], [3,4], [5,6], [7,8], 0, R).
% query: convlist(small, [1,2,3,4,1], L).
% query: scanl([X,A0,A]>>(A is A0+X), [1,2,3], 0, L).
% query: scanl([X,Y,A0,A]>>(A is A0+X*Y), [1,2], [3,4], 0, L).
% query: scanl([X,Y,Z,A0,A]>>(A is A0+X+Y+Z), [1], [2], [3], 0, L).
% query: scanl([X,Y,Z,W,A0,A]>>(A is A0+X+Y+Z+W), [1], [2], [3], [4], 0, L).
% -- library(pairs)
% query: transpose_pairs([a-1,b-2,c-1], T).
% query: map_list_to_pairs(atom_length, [abc,de,f], P).
% query: map_list_to_pairs(double, [3,1], P), keysort(P, S), pairs_values(S, V).
% query: group_pairs_by_key([a-1,a-2,b-3,a-4], G).
% query: group_pairs_by_key([], G).
% -- library(ordsets)
% query: is_ordset([a,b,c]).
% query: is_ordset([b,a]).
% query: is_ordset([a,a]).
% query: ord_selectchk(b, [a,b,c], R).
% query: ord_selectchk(x, [a,b,c], R).
% query: ord_intersect([a,b], [b,c]).
% query: ord_intersect([a], [b]).
% query: ord_disjoint([a], [b]).
% query: ord_intersection([[a,b,c],[b,c,d],[c,d]], I).
% query: ord_intersection([a,b,c], [b,c,d], I, D).
% query: ord_union([a,c], [b,c,d], U, N).
% query: ord_symdiff([a,b,c], [b,c,d], D).
% query: ord_seteq([a,b], [a,b]).
% -- library(solution_sequences)
% query: limit(2, p(X)).
% query: limit(0, p(X)).
% query: limit(10, p(X)).
% query: offset(1, p(X)).
% query: offset(0, p(X)).
% query: limit(2, offset(1, p(X))).
% query: order_by([asc(X)], p(X)).
% query: order_by([desc(X)], p(X)).
% query: order_by([asc(K),desc(V)], q(K, V)).
% query: order_by([desc(V)], q(K, V)).
% query: catch(order_by([up(X)], p(X)), error(E, _), true).
% query: distinct(p(X)).
% query: distinct(K, q(K, _)).
% query: call_nth(p(X), 2).
% query: call_nth(p(X), N).
% query: call_nth(p(X), 9).
% -- library(assoc)
% query: list_to_assoc([a-1,b-2,c-3], A), get_assoc(b, A, Old, A2, new), assoc_to_list(A2, L).
% query: list_to_assoc([a-1,b-2], A), map_assoc([X]>>(X > 0), A).
% query: list_to_assoc([a-1,b-2], A), map_assoc([X]>>(X > 1), A).
% query: list_to_assoc([a-1,b-2], A), map_assoc([X,Y]>>(Y is X*10), A, B), assoc_to_list(B, L).
% -- library(error)
% query: catch(type_error(integer, a), error(E, _), true).
% query: catch(domain_error(positive, -1), error(E, _), true).
% query: catch(existence_error(file, f), error(E, _), true).
% query: catch(permission_error(modify, static_procedure, foo/1), error(E, _), true).
% query: catch(instantiation_error(_), error(E, _), true).
% query: catch(representation_error(max_arity), error(E, _), true).
% query: catch(resource_error(memory), error(E, _), true).
% query: catch(uninstantiation_error(a), error(E, _), true).
% -- library(option)
% query: option(a(X), [b(1), a(2), a(3)]).
% query: option(a(X), [b(1), a=2]).
% query: option(c(X), [b(1)]).
% query: option(c(X), [b(1)], none).
% query: option(b(X), [b(1)], none).
% query: select_option(a(X), [b(1), a=2, a(3)], R).
% query: select_option(z(X), [b(1)], R, def).
% query: merge_options([a(1), c=3], [b(2), a(0), d(x)], M).
% -- library(occurs)
% query: findall(S, sub_term(S, f(a, g(b))), L).
% query: occurrences_of_term(a, f(a, g(a), b), C).
% query: occurrences_of_var(X, f(X, g(X), Y), C).
% query: contains_term(g(_), f(a, g(b))).
% query: contains_var(X, f(a, g(X))).
% query: free_of_term(c, f(a, g(b))).
% query: free_of_var(X, f(a, Y)).
% query: sub_var(X, f(a, X)).
% -- library(terms)
% query: variant(f(X, Y, X), f(A, B, A)).
% query: variant(f(X, Y, X), f(A, B, B)).
% query: subsumes_chk(f(_), f(a)).
% query: subsumes(f(X), f(a)).
% query: same_functor(f(a, b), T).
% query: same_functor(f(a, b), T, A).
% query: same_functor(T, g(x), N, A).
% query: mapargs(double, f(1, 2, 3), T).
% query: mapargs([X, Y]>>atom_length(Y, X), T, g(ab, c)).
% -- library(aggregate): foreach/2
% query: foreach(member(X, [1,2,3]), X > 0).
% query: foreach(member(X, [1,2,3]), X > 1).
% query: once((foreach(member(X, [a,b]), member(X, L)), length(L, 2))).
% query: foreach(between(1, 3, X), nth1(X, L, X)).
% -- library(solution_sequences): group_by/4
% query: group_by(K, V, member(K-V, [a-1,b-2,a-3]), B).
% query: group_by(K, V, q(K, V), B).
% -- library(debug): topics (the messages go to standard error)
% query: debug(foo, "not shown ~w", [1]), debug(foo), debugging(foo), debug(foo, "shown ~w", [2]).
% query: nodebug(foo), debugging(foo).
% query: debug(bar(x)), debugging(bar(_)), nodebug(bar(_)), \+ debugging(bar(x)).
% -- library(strings): string_lines/2
% query: string_lines("a\nb\n", L).
% query: string_lines("a\nb", L).
% query: string_lines("", L).
% query: string_lines("\n", L).
% query: string_lines(S, ["x", "y"]).
% query: string_lines(S, [a, b]).
% query: string_lines(S, []).
% -- library(assoc): deletion keeps SWI's tree shapes
% query: list_to_assoc([a-1,b-2], A), del_assoc(a, A, V, A2).
% query: numlist(1, 20, Ks), findall(K-v, member(K, Ks), Ps), list_to_assoc(Ps, A), foldl([K, T0, T]>>del_assoc(K, T0, _, T), [3,7,1,15,12,20,9], A, A2), assoc_to_keys(A2, L), A2 = t(Root, _, B, _, _).
% query: numlist(1, 30, Ks), findall(K-K, member(K, Ks), Ps), list_to_assoc(Ps, A), foldl([K, T0, T]>>del_assoc(K, T0, _, T), [16,8,24,4,12,20,28,2,6,10], A, A2), write(A2), nl.
% query: list_to_assoc([a-1,b-2,c-3], A), del_assoc(x, A, V, A2).
% query: empty_assoc(E), del_assoc(x, E, V, A2).
% query: list_to_assoc([a-1,b-2,c-3,d-4], A), del_min_assoc(A, K, V, A2), del_max_assoc(A2, K2, V2, A3).
% query: numlist(1, 12, Ks), findall(K-K, member(K, Ks), Ps), list_to_assoc(Ps, A), del_min_assoc(A, K1, _, A1), del_min_assoc(A1, K2, _, A2), del_max_assoc(A2, K3, _, A3), write(A3), nl.
% -- aggregate_all/3 with a compound of templates
% query: aggregate_all(r(count, sum(X), max(X), bag(X)), member(X, [1,2,3]), R).
% query: aggregate_all(count-sum(X), member(X, []), R).
% query: aggregate_all(r(max(X)), member(X, []), R).
% query: aggregate_all(count-max(X, Y), member(X-Y, [1-a,3-b]), R).
% query: aggregate_all(s(set(X), bag(X)), member(X, [c,b,c]), R).
% query: catch(aggregate_all(foo(bar), member(_, [1]), _), error(E, _), true).
% -- apply/2, proper_list/1
% query: apply(format, ["~w~n", [x]]).
% query: apply(succ, [1, X]).
% query: proper_list([1,2]).
% query: proper_list([1|_]).
