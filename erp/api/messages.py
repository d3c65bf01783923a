"""marshmallow's own messages, listed so that they are extracted and translated
where the API and forms show them."""
from erp.errors import N_

MARSHMALLOW_MESSAGES = [
    N_("Missing data for required field."),
    N_("Field may not be null."),
    N_("Unknown field."),
    N_("Not a valid integer."),
    N_("Not a valid number."),
    N_("Not a valid string."),
    N_("Not a valid boolean."),
    N_("Not a valid date."),
    N_("Not a valid datetime."),
    N_("Not a valid list."),
    N_("Not a valid email address."),
    N_("Invalid input type."),
    N_("Invalid value."),
    N_("Must be one of: zh_Hans_CN, en."),
    N_("Longer than maximum length 20."),
    N_("Too many decimals."),
    N_("Must be greater than 0."),
    N_("Number too large."),
    N_("Contains a control character."),
    N_("Letters, digits, _ and - only."),
    N_("Letters, digits, _ . - only."),
]
