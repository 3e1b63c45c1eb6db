from motcua.core.text import fold, nfc


def test_fold_strips_vietnamese_diacritics_and_case():
    assert fold("Thủ tục ĐĂNG KÝ khai sinh") == "thu tuc dang ky khai sinh"
    assert fold(nfc("Đường")) == fold("Đường") == "duong"


def test_fold_turns_control_characters_into_spaces():
    assert fold("khai\x00sinh\tmới") == "khai sinh moi"
