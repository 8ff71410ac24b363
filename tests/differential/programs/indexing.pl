% Clause selection on all kinds of first and second arguments.
:- dynamic d/2.
k(1, int_one).
k(1.0, float_one).
k(a, atom_a).
k("a", string_a).
k(f(a), struct_fa).
k(f(b), struct_fb).
k(f(a, b), struct_fab).
k([a], list_a).
k([], empty).
k(X, var(X)).
k(12345678901234567890, big).
k(-1, neg).
k(g(_), g_any).

p(X, Y) :- k(X, Y).

s(a, 1). s(b, 2). s(c, 1). s(a, 3).

d(1, one).

% query: k(1, W).
% query: k(1.0, W).
% query: k(a, W).
% query: k("a", W).
% query: k(f(a), W).
% query: k(f(Z), W).
% query: k(f(a, b), W).
% query: k([a], W).
% query: k([b], W).
% query: k([], W).
% query: k(12345678901234567890, W).
% query: k(12345678901234567891, W).
% query: k(-1, W).
% query: k(g(x), W).
% query: k(h, W).
% query: aggregate_all(count, k(_, _), N).
% query: s(X, 1).
% query: s(a, Y).
% query: s(X, Y), Y > 1.
% query: p(1, W).
% query: assertz(d(2, two)), asserta(d(0, zero)), assertz(d(1.0, one_f)), d(1, X).
% query: d(X, Y).
% query: retract(d(1, _)), findall(X-Y, d(X, Y), L).
% query: assertz(d(f(x), s)), assertz(d(f(y), t)), d(f(Q), V).
