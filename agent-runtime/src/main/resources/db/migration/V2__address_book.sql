-- Each owner's address book: named recipients that ground a payment when the owner names them in a chat.
-- name_key is the name in lower case with single spaces: names are unique per owner, case-insensitively.
CREATE TABLE address_book (
    owner       VARCHAR(200) NOT NULL,
    name_key    VARCHAR(64)  NOT NULL,
    name        VARCHAR(64)  NOT NULL,
    address     CHAR(42)     NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (owner, name_key)
);
