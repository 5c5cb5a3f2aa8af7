"""The JSON API's contract, shared so both apps answer byte for byte alike: the wire format
and error codes (`wire`), the OpenAPI document (`openapi`) and its page for people (`docs`)."""
