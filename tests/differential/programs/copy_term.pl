% copy_term/2 and term_variables/2.

% query: copy_term(f(X, Y, X), C).
% query: copy_term(f(X, Y, X), f(a, B, Z)).
% query: copy_term(a, C).
% query: X = g(Y), copy_term(X, C), C = g(1), var(Y).
% query: copy_term([A, B, A | T], C).
% query: copy_term(X-X, A-B), A == B.
% query: term_variables(f(X, g(Y, X), Z), Vs).
% query: term_variables(foo, Vs).
% query: term_variables([A, B, A], Vs), Vs = [1, 2].
% query: copy_term(f(X, "s", 1.5, [X]), C).
