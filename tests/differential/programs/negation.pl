% Negation as failure.
bird(tweety). bird(polly). bird(pingu).
penguin(pingu).
flies(X) :- bird(X), \+ penguin(X).
married(john). married(mary).
bachelor(X) :- man(X), \+ married(X).
man(john). man(bob). man(tim).

% query: flies(X).
% query: flies(pingu).
% query: bachelor(X).
% query: \+ flies(pingu).
% query: \+ bird(X).
% query: X = pingu, \+ flies(X).
% query: \+ \+ bird(X).
% query: \+ (bird(X), X = polly).
% query: findall(X, (man(X), \+ married(X)), L).
% query: \+ fail.
% query: \+ true.
% query: \+ undefined_predicate_zzz.
