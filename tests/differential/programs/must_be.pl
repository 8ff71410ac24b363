% must_be/2 and is_of_type/2 (library(error)) with SWI-Prolog 9's error terms.

% query: must_be(integer, a).
% query: must_be(integer, _).
% query: must_be(integer, 1.0).
% query: must_be(positive_integer, 0).
% query: must_be(positive_integer, -1).
% query: must_be(positive_integer, a).
% query: must_be(positive_integer, 3).
% query: must_be(nonneg, -1).
% query: must_be(nonneg, a).
% query: must_be(nonneg, 0).
% query: must_be(atom, f(x)).
% query: must_be(atom, []).
% query: must_be(atom, 1).
% query: must_be(atomic, f(x)).
% query: must_be(atomic, "s").
% query: must_be(callable, 3).
% query: must_be(callable, foo).
% query: must_be(callable, _).
% query: must_be(var, a).
% query: must_be(var, _).
% query: must_be(boolean, foo).
% query: must_be(boolean, true).
% query: must_be(boolean, 1).
% query: must_be(list, [a|b]).
% query: must_be(list, [a|_]).
% query: must_be(list, foo).
% query: must_be(list, [a]).
% query: must_be(list(integer), [1, a]).
% query: must_be(list(integer), [1, _]).
% query: must_be(list(integer), [1, 2]).
% query: must_be(list(integer), foo).
% query: must_be(list(integer), [1|_]).
% query: must_be(oneof([a, b]), c).
% query: must_be(oneof([a, b]), a).
% query: must_be(oneof([a, b]), 1).
% query: must_be(oneof([a, b]), _).
% query: must_be(between(1, 3), 5).
% query: must_be(between(1, 3), 2).
% query: must_be(between(1, 3), a).
% query: must_be(between(1, 3), 2.0).
% query: must_be(between(1.0, 3.0), 2).
% query: must_be(between(1.0, 3.0), 5).
% query: must_be(between(1.0, 3.0), a).
% query: must_be(foo_type, 1).
% query: must_be(_, 1).
% query: must_be(negative_integer, 0).
% query: must_be(chars, [a, bc]).
% query: must_be(codes, [97, x]).
% query: must_be(text, f(x)).
% query: must_be(string, a).
% query: must_be(number, a).
% query: must_be(float, 1).
% query: must_be(compound, a).
% query: must_be(ground, f(_)).
% query: must_be(list_or_partial_list, foo).
% query: must_be(list_or_partial_list, [a|_]).
% query: must_be(char, ab).
% query: must_be(code, -1).
% query: must_be(code, a).
% query: is_of_type(integer, 1).
% query: is_of_type(integer, a).
% query: is_of_type(positive_integer, 0).
% query: is_of_type(list(atom), [a, b]).
% query: is_of_type(list(atom), [a, 1]).
% query: is_of_type(oneof([a]), a).
% query: is_of_type(between(1, 3), 4).
% query: is_of_type(foo_type, 1).
% query: is_of_type(_, 1).
% query: is_of_type(var, _).
% query: is_of_type(list, [a|_]).
% query: is_of_type(boolean, false).
% query: is_of_type(nonneg, 0).
% query: is_of_type(cycle, a).
% query: must_be(encoding, foo).
% query: must_be(rational, 1).
% query: must_be(rational, 1.0).
% query: must_be(acyclic, f(x)).
% query: must_be(order, <).
% query: must_be(order, x).
% query: must_be(list(oneof([a])), [a, b]).
% query: must_be(list(positive_integer), [1, 0]).
% query: must_be(nonneg, 1.0).
% query: must_be(between(1, 3), _).
% query: must_be(list(integer), [a|_]).

% further cases
% query: must_be(chars, foo).
% query: must_be(chars, [a|_]).
% query: must_be(chars, [a, _]).
% query: must_be(codes, foo).
% query: must_be(text, 1).
% query: must_be(text, [a, b]).
% query: must_be(text, "s").
% query: must_be(pair, a).
% query: must_be(pair, a-b).
% query: must_be(pair, _).
% query: must_be(oneof([1, 2]), 1).
% query: must_be(oneof([f(_)]), f(a)).
% query: must_be(oneof([a]), f(_)).
% query: must_be(list(integer), [1|b]).
% query: must_be(list(list(integer)), [[1], [a]]).
% query: must_be(constant, f(x)).
% query: must_be(symbol, 1).
% query: must_be(nonvar, _).
% query: must_be(any, _).
% query: must_be(type, integer).
% query: must_be(type, foo).
% query: must_be(cyclic, a).
% query: must_be(list(foo_type), [1]).
% query: must_be(list(foo_type), []).
% query: must_be(foo_type, _).
% query: must_be(dict, a).
% query: is_of_type(text, 1).
% query: is_of_type(oneof([1]), 1).
% query: is_of_type(list(foo_type), [1]).
% query: is_of_type(list_or_partial_list, [a|_]).
% query: must_be(char, 1).
% query: must_be(code, 1114112).
% query: must_be(between(1, 3), 3.5).
