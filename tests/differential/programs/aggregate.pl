% library(aggregate): aggregate/3 and aggregate/4 are bagof/setof-style:
% one answer per group of the free variables, failure with no solutions.

sale(north, apples, 10).
sale(south, apples, 4).
sale(north, pears, 7).
sale(east, plums, 2).
sale(south, pears, 4).
sale(north, apples, 3).

p(a, 1). p(b, 3). p(a, 5). p(c, 2). p(b, 3).

% query: aggregate(count, sale(R, F, N), C).
% query: aggregate(count, F^N^sale(R, F, N), C).
% query: aggregate(count, R^F^N^sale(R, F, N), C).
% query: aggregate(sum(N), F^sale(R, F, N), S).
% query: aggregate(sum(N * 2), R^sale(R, F, N), S).
% query: aggregate(max(N), F^sale(R, F, N), M).
% query: aggregate(min(N), R^F^sale(R, F, N), M).
% query: aggregate(max(N, R-F), sale(R, F, N), M).
% query: aggregate(min(N, R-F), sale(R, F, N), M).
% query: aggregate(bag(F), N^sale(R, F, N), L).
% query: aggregate(set(F), N^sale(R, F, N), L).
% query: aggregate(set(R-F), N^sale(R, F, N), L).
% query: aggregate(r(count, sum(N), max(N), bag(F)), R^sale(R, F, N), X).
% query: aggregate(count, p(K, V), N).
% query: aggregate(count, p(K, V), 1).
% query: aggregate(count, V^p(K, V), N).
% query: aggregate(sum(V), p(K, V), S).
% query: aggregate(max(V), p(K, V), M).
% query: aggregate(max(V, K), p(K, V), M).
% query: aggregate(count, member(_, [a, b]), N).
% query: aggregate(count, member(X, [a, b, a]), N).
% query: aggregate(max(X), member(X, [1, 2.0, 2]), M).
% query: aggregate(max(X, Y), member(X-Y, [1-a, 3-b, 3-c]), M).
% query: aggregate(min(X, Y), member(X-Y, [1-a, 3-b, 1-c]), M).
% query: aggregate(sum(X), member(X, [1, 2.5]), S).
% query: aggregate(max(X), member(X, [3, 1, 4]), 4).
% query: aggregate(count, (p(K, V), V > 2), N).
% query: aggregate(count, fail, N).
% query: aggregate(sum(X), member(X, []), N).
% query: aggregate(count(V), p(K, V), N).
% query: aggregate(foo(V), p(K, V), N).
% query: aggregate(foo, p(K, V), N).
% query: aggregate(X, p(K, V), N).
% query: aggregate(count, G, N).
% query: aggregate(count, 3, N).
% query: aggregate(max(X), member(X, [a, b]), M).
% query: aggregate(sum(X), member(X, [a]), S).
% query: aggregate(count, K, p(K, V), N).
% query: aggregate(count, V, p(K, V), N).
% query: aggregate(sum(V), K, p(K, V), N).
% query: aggregate(bag(K), V, p(K, V), N).
% query: aggregate(count, F, sale(R, F, N), C).
% query: aggregate(set(N), R-F, sale(R, F, N), L).
% query: bagof(V, p(K, V), [2]).
% query: setof(V, p(K, V), [2]).
