% Unification: =/2, \=/2, unify_with_occurs_check/2.
pair(a, b).
pair(f(X), X).

% query: X = a.
% query: f(X, b) = f(a, Y).
% query: f(X, X) = f(a, b).
% query: f(X, Y) = f(Y, g(Z)).
% query: [H|T] = [1, 2, 3].
% query: [A, B | C] = [x, y].
% query: a \= b.
% query: X \= a.
% query: f(X, a) \= f(b, X).
% query: X = f(X1, Y1), X1 = Y1, Y1 = k.
% query: unify_with_occurs_check(X, f(X)).
% query: unify_with_occurs_check(X, f(Y)).
% query: unify_with_occurs_check(f(X, Y), f(Y, g(a))).
% query: pair(P, Q).
% query: pair(f(1), W).
% query: X = "abc", X = "abc".
% query: 1 = 1.0.
% query: 'abc' = abc.
% query: {a} = {}(a).
% query: '{}' = {}.
% query: X = Y, Y = Z, Z = 3.
% query: g(A, B, C) = g(B, C, done).
