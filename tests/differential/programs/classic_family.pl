% A family tree.
parent(tom, bob).
parent(tom, liz).
parent(pam, bob).
parent(bob, ann).
parent(bob, pat).
parent(pat, jim).
parent(liz, joe).

male(tom). male(bob). male(jim). male(joe).
female(pam). female(liz). female(ann). female(pat).

father(F, C) :- parent(F, C), male(F).
mother(M, C) :- parent(M, C), female(M).
grandparent(G, C) :- parent(G, P), parent(P, C).
sibling(A, B) :- parent(P, A), parent(P, B), A \== B.
ancestor(A, D) :- parent(A, D).
ancestor(A, D) :- parent(A, X), ancestor(X, D).
cousin(A, B) :- parent(PA, A), parent(PB, B), sibling(PA, PB).

% query: father(F, bob).
% query: mother(M, C).
% query: grandparent(tom, C).
% query: sibling(ann, S).
% query: sibling(A, B).
% query: ancestor(tom, D).
% query: ancestor(A, jim).
% query: setof(A, D^ancestor(A, D), L).
% query: cousin(ann, C).
% query: \+ parent(jim, _).
% query: findall(C, (parent(P, C), \+ parent(C, _)), Leaves).
% query: aggregate_all(count, ancestor(tom, _), N).
