% sum_list/2, max_list/2, min_list/2, numlist/3, max_member/2, min_member/2.

% query: sum_list([1, 2, 3], S).
% query: sum_list([1, 2.5], S).
% query: sum_list([], S).
% query: sumlist([4, 5], S).
% query: max_list([3, 1, 4, 1, 5], M).
% query: min_list([3, 1, 4, 1, 5], M).
% query: max_list([], M).
% query: max_list([2, 2.0], M).
% query: numlist(1, 5, L).
% query: numlist(3, 3, L).
% query: numlist(5, 1, L).
% query: max_member(M, [b, f(x), 3, a]).
% query: min_member(M, [b, f(x), 3, a]).
% query: sum_list([a], S).
% query: numlist(1, 100, L), sum_list(L, S), max_list(L, Max), min_list(L, Min).
