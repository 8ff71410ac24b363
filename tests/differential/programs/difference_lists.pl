% Difference lists.
dl_append(A-B, B-C, A-C).
dl_from_list([], L-L).
dl_from_list([X | Xs], [X | L]-T) :- dl_from_list(Xs, L-T).

flatten_dl(X, [X | T]-T) :- X \= [], X \= [_ | _], !.
flatten_dl([], T-T).
flatten_dl([X | Xs], L-T) :- flatten_dl(X, L-M), flatten_dl(Xs, M-T).

% tree to list with a difference list
inorder(nil, L-L).
inorder(t(L, V, R), Xs-Ys) :- inorder(L, Xs-[V | Zs]), inorder(R, Zs-Ys).

queue_new(Q-Q).
queue_push(X, Q-[X | T], Q-T).
queue_pop(X, [X | Q]-T, Q-T).

% query: dl_append([a, b | X]-X, [c, d | Y]-Y, R-[]).
% query: dl_from_list([1, 2, 3], L-[]).
% query: dl_from_list([1, 2], D).
% query: flatten_dl([a, [b, [c, d]], [], e], L-[]).
% query: inorder(t(t(nil, 1, nil), 2, t(t(nil, 3, nil), 4, nil)), L-[]).
% query: queue_new(Q0), queue_push(a, Q0, Q1), queue_push(b, Q1, Q2), queue_pop(X, Q2, Q3), queue_push(c, Q3, Q4), queue_pop(Y, Q4, _).
