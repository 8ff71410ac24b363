% functor/3, arg/3, =../2.

% query: functor(f(a, b, c), N, A).
% query: functor(foo, N, A).
% query: functor(42, N, A).
% query: functor("s", N, A).
% query: functor([a], N, A).
% query: functor(T, point, 3).
% query: functor(T, foo, 0).
% query: functor(T, 7, 0).
% query: functor(T, N, 2).
% query: functor(T, foo, -1).
% query: functor(T, foo(a), 1).
% query: arg(2, f(a, b, c), X).
% query: arg(N, f(a, b, c), X).
% query: arg(4, f(a, b, c), X).
% query: arg(0, f(a), X).
% query: arg(1, f(X), Y), X == Y.
% query: arg(x, f(a), X).
% query: arg(1, atom, X).
% query: arg(N, g(p, q), q).
% query: f(a, b) =.. L.
% query: T =.. [point, 1, 2].
% query: T =.. [foo].
% query: abc =.. L.
% query: 42 =.. L.
% query: [1, 2] =.. L.
% query: T =.. [1, 2].
% query: T =.. L.
% query: T =.. [f | X].
% query: (a :- b, c) =.. L.
% query: X = f(Y), Y = 1, X =.. [_, Z].
