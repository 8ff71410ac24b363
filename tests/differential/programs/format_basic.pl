% format/1,2,3 directives.

% query: format("hello~n").
% query: format("~w and ~w~n", [a, 'B c']).
% query: format("~a|~n", [abc]).
% query: format("~q~n", [['A', b, "s", 'it''s']]).
% query: format("~p~n", ['X y']).
% query: format("~d~n", [42]).
% query: format("~d~n", [-42]).
% query: format("~2d~n", [1234]).
% query: format("~D~n", [1234567]).
% query: format("~s~n", [[104, 105]]).
% query: format("~s~n", ["str"]).
% query: format("~e~n", [1.5]).
% query: format("~f~n", [3.14159]).
% query: format("~2f~n", [3.14159]).
% query: format("~0f~n", [2.5]).
% query: format("~4f~n", [2]).
% query: format("~g~n", [0.1]).
% query: format("~a~~~a~n", [x, y]).
% query: format("~c~n", [65]).
% query: format("~3c~n", [0'x]).
% query: format("~8r~n", [64]).
% query: format("~16r ~16R~n", [255, 255]).
% query: format("~i~w~n", [skipped, shown]).
% query: format("~*c~n", [5, 0'*]).
% query: format("no args~n", []).
% query: format("~w", hello).
% query: format(atom(A), "~w-~w", [x, y]).
% query: format(string(S), "~a", [abc]).
% query: format(codes(C), "hi", []).
% query: format("~d", [abc]).
% query: format("~a ~a", [only_one]).
% query: format("~e", [abc]).
% query: format("~w~30|~w~n", [a, b]).
% query: format("~t~w~10|~n", [right]).
% query: format("~w~t~10|~w~n", [left, next]).
% query: format("~t~w~t~11|~n", [mid]).
% query: format("~t~d~6|~t~d~12|~n", [1, 22]).
% query: format("~`-t~30|~n").
% query: format("~w~t~5+~w~t~5+~w~n", [a, b, c]).
% query: format("~a~t~15|~a~n", [name, value]).
% query: format("[~t~w~t~9+]~n", [ab]).
% query: format("~`*t~t~20|~n").
% query: format("~ic~n", [x]).
% query: write(abc), format("~t~w~6|~n", [x]).
% query: write(abcdefgh), format("~t~w~6|~n", [x]).
% query: format("~w~n~t~w~5|~n", [first, second]).
% query: format("~a~n", [123]).
% query: format("~d~n", [1.0]).
% query: format("~s~n", [abc]).
% query: format("~c~n", [a]).
% query: format("~w ~w~n", [a]).
% query: format("~z~n", [a]).
% query: format("~w~n", [a, b]).
