"""JCM ID-003 bill validators: the protocol (pure bytes), the serial link and the driver."""
