% tab/1,2: N spaces (N an arithmetic expression); tab/2 errors.  (What tab/2 writes
% to user_output is not compared: the SWI driver captures current output only.)
% query: write(a), tab(3), write(b), nl.
% query: write(a), tab(1 + 2 * 2), write(b), nl.
% query: catch(tab(user_output, foo), error(E, _), true).
% query: catch(tab(_), error(E, _), true).
% query: catch(tab(nosuchstream, 1), error(E, _), true).
% query: with_output_to(string(S), (write(a), tab(2), write(b))).
