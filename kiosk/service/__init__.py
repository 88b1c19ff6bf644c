"""The booth's service side, one concept a module.

- backend: the maintenance menu's backend (self-tests, money, outbox, events, config, service switches);
- access: the hidden gesture, the PIN gate and the menu window;
- audit_trail: the append-only record of what staff and the booth did;
- fleet: the fleet metrics fed from the booth's signals.

Each is typed against what it reads (a Protocol or the objects themselves), not against the whole booth. Nothing
here holds personal data: counts, codes and health only.
"""
