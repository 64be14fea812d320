"""Operations: every change to the data, each validated and written with its history."""
