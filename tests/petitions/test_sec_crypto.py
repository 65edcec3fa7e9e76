"""Petitioners' ID and phone numbers at rest [47]–[50] (个人信息保护法 第二十八条): Fernet encryption with rotation,
a keyed blind index for finding repeats, the GB 11643 check of ID numbers, phone numbers normalised, and masks."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured

from petitions import crypto
from petitions.identity import (
    id_check_character,
    id_number_problem,
    mask_address,
    mask_id_number,
    mask_name,
    mask_phone,
    normalise_id_number,
    normalise_phone,
    phone_problem,
)

ZADUO = "632722"  # 杂多县's administrative division code


def valid_id(born: str = "19800101", sequence: str = "123") -> str:
    first17 = ZADUO + born + sequence
    return first17 + id_check_character(first17)


@pytest.fixture
def keys(settings):
    """Two fresh keys: ``old`` configured alone at first."""
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.PETITIONS_PII_KEYS = [old]
    return {"old": old, "new": new}


# --- encryption -------------------------------------------------------------------------------------------------


def test_a_value_survives_the_round_trip_and_is_not_in_the_stored_text(keys):
    number = valid_id()
    stored = crypto.encrypt(number)
    assert stored.startswith(crypto.TOKEN_PREFIX)
    assert number not in stored and number[-8:] not in stored
    assert crypto.decrypt(stored) == number
    assert crypto.decrypt(crypto.encrypt("杂多县萨呼腾镇")) == "杂多县萨呼腾镇"
    assert crypto.encrypt("") == "" and crypto.decrypt("") == ""


def test_every_write_gives_a_fresh_ciphertext_so_equal_numbers_do_not_show_in_a_dump(keys):
    number = valid_id()
    tokens = {crypto.encrypt(number) for _ in range(5)}
    assert len(tokens) == 5
    assert {crypto.decrypt(t) for t in tokens} == {number}


def test_a_plain_or_foreign_value_in_the_column_is_refused_never_shown(keys):
    with pytest.raises(ValueError):
        crypto.decrypt(valid_id())  # a clear number left by a bug
    with pytest.raises(ValueError):
        crypto.decrypt(crypto.TOKEN_PREFIX + "不是密文")
    with pytest.raises(ValueError):
        crypto.decrypt(crypto.TOKEN_PREFIX + Fernet(Fernet.generate_key()).encrypt(b"x").decode())


def test_rotation_a_new_key_first_reads_old_tokens_and_rotate_moves_them_to_the_new_key(keys, settings):
    old_token = crypto.encrypt("13912345678")
    assert crypto.is_current(old_token)

    settings.PETITIONS_PII_KEYS = [keys["new"], keys["old"]]  # step 1 of docs/petitions-keys.md
    assert crypto.decrypt(old_token) == "13912345678"  # MultiFernet: every key decrypts
    assert not crypto.is_current(old_token)
    new_token = crypto.encrypt("13912345678")
    assert crypto.is_current(new_token)
    rotated = crypto.rotate(old_token)
    assert crypto.is_current(rotated) and crypto.decrypt(rotated) == "13912345678"

    settings.PETITIONS_PII_KEYS = [keys["new"]]  # step 3: the old key dropped
    assert crypto.decrypt(rotated) == "13912345678"
    with pytest.raises(ValueError):
        crypto.decrypt(old_token)  # what the rotation command's --check reports
    with pytest.raises(ValueError):
        crypto.rotate(old_token)


def test_no_key_or_a_bad_key_is_a_clear_configuration_error(settings):
    settings.PETITIONS_PII_KEYS = []
    with pytest.raises(ImproperlyConfigured, match="PETITIONS_PII_KEYS"):
        crypto.encrypt("13912345678")
    settings.PETITIONS_PII_KEYS = ["not-a-fernet-key"]
    with pytest.raises(ImproperlyConfigured, match="无效"):
        crypto.encrypt("13912345678")


# --- blind index ------------------------------------------------------------------------------------------------


def test_blind_index_is_stable_and_separates_kinds_and_values(settings):
    settings.PETITIONS_INDEX_KEY = "index-key-one"
    number = valid_id()
    assert crypto.blind_index("id", number) == crypto.blind_index("id", number)
    assert crypto.blind_index("id", number) != crypto.blind_index("id", valid_id(sequence="124"))
    assert crypto.blind_index("id", "13912345678") != crypto.blind_index("phone", "13912345678")
    assert len(crypto.blind_index("id", number)) == 40
    assert crypto.blind_index("id", "") == ""


def test_blind_index_is_keyed_so_hashing_every_possible_number_without_the_key_finds_nothing(settings):
    import hashlib

    number = valid_id()
    settings.PETITIONS_INDEX_KEY = "index-key-one"
    first = crypto.blind_index("id", number)
    settings.PETITIONS_INDEX_KEY = "index-key-two"
    second = crypto.blind_index("id", number)
    assert first != second
    unkeyed = {hashlib.sha256(v.encode()).hexdigest()[:40] for v in (number, f"id:{number}")}
    assert first not in unkeyed and second not in unkeyed
    settings.PETITIONS_INDEX_KEY = ""
    with pytest.raises(ImproperlyConfigured, match="PETITIONS_INDEX_KEY"):
        crypto.blind_index("id", number)


# --- ID numbers (GB 11643-1999) -----------------------------------------------------------------------------------


def test_a_valid_id_number_passes_the_checksum():
    assert id_number_problem(valid_id()) == ""
    assert id_number_problem("11010519491231002X") == ""  # the standard's own example, check character X


def test_a_wrong_check_digit_is_refused():
    number = valid_id()
    wrong = number[:17] + ("0" if number[17] != "0" else "1")
    assert "校验位" in id_number_problem(wrong)


def test_an_impossible_birth_date_is_refused_even_with_a_right_check_digit():
    for born in ("19800230", "19801301", "18500101", "29990101"):
        assert "出生日期" in id_number_problem(valid_id(born=born)), born


def test_a_number_of_the_wrong_shape_is_refused():
    assert "18位" in id_number_problem("63272219800101123")
    assert "18位" in id_number_problem("6327221980010112AB")
    assert "18位" in id_number_problem("")


def test_full_width_digits_spaces_and_a_lower_case_x_are_normalised_before_the_check():
    assert normalise_id_number(" 110105 1949-1231 002x ") == "11010519491231002X"
    full_width = "１１０１０５１９４９１２３１００２ｘ"
    assert normalise_id_number(full_width) == "11010519491231002X"
    assert normalise_id_number("１１０１０５１９４９１２３１００２Ｘ") == "11010519491231002X"
    assert normalise_id_number("110105\u300019491231002x") == "11010519491231002X"  # an ideographic space
    assert id_number_problem(normalise_id_number(full_width)) == ""


# --- phone numbers ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "13912345678",
        "139 1234 5678",
        "139-1234-5678",
        "+86 139 1234 5678",
        "0086 13912345678",
        "１３９１２３４５６７８",
    ],
)
def test_a_mobile_number_is_normalised_to_its_eleven_digits(typed):
    assert normalise_phone(typed) == "13912345678"
    assert phone_problem(normalise_phone(typed)) == ""


def test_a_landline_keeps_its_area_code_and_bad_numbers_are_refused():
    assert normalise_phone("0976-8812345") == "09768812345"
    assert phone_problem("09768812345") == ""
    assert phone_problem("8812345") == ""
    for bad in ("12345678901", "1391234567", "139123456789", "123", ""):
        assert phone_problem(bad), bad


# --- masks ------------------------------------------------------------------------------------------------------


def test_masks_keep_only_what_a_printed_receipt_shows():
    number = valid_id()
    assert mask_id_number(number) == number[:4] + "*" * 10 + number[-4:]
    assert mask_id_number("630102198001011234") == "6301**********1234"
    assert mask_phone("13912345678") == "139****5678"
    assert mask_phone("09768812345") == "097****2345"
    assert "88123" not in mask_phone("09768812345")
    address = "青海省玉树州杂多县萨呼腾镇扎青村3社12号"
    masked = mask_address(address)
    assert masked.endswith("****") and "12号" not in masked and "扎青村" not in masked
    assert len(masked) <= 10
    assert mask_name("才仁多杰") == "才***"
    assert mask_name("李") == "李*"
    for mask in (mask_id_number, mask_phone, mask_address, mask_name):
        assert mask("") == ""
