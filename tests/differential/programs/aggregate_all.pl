% aggregate_all/3.
score(ann, 7). score(bob, 3). score(cid, 9). score(dan, 3).

% query: aggregate_all(count, score(_, _), C).
% query: aggregate_all(count, score(_, 100), C).
% query: aggregate_all(sum(S), score(_, S), T).
% query: aggregate_all(sum(S), score(_, 100), T).
% query: aggregate_all(max(S), score(_, S), M).
% query: aggregate_all(min(S), score(_, S), M).
% query: aggregate_all(max(S), score(_, 100), M).
% query: aggregate_all(min(S), fail, M).
% query: aggregate_all(bag(N), score(N, _), B).
% query: aggregate_all(set(S), score(_, S), B).
% query: aggregate_all(bag(S), fail, B).
% query: aggregate_all(max(S-N), score(N, S), M).
% query: aggregate_all(max(S, N), score(N, S), M).
% query: aggregate_all(min(S, N), score(N, S), M).
% query: aggregate_all(sum(X), member(X, [1, 2.5, 3]), S).
% query: aggregate_all(count, member(_, [a, b, c]), C).
% query: aggregate_all(sum(S * 2), score(_, S), T).
% query: aggregate_all(max(X), member(X, [1, 3.0, 2]), M).
% query: aggregate_all(count, (score(N, S), S > 5), C).
% query: aggregate_all(foo, score(_, _), C).
