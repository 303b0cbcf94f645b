#!/usr/bin/env python3
"""Writes the bad-input corpus tests/bad_inputs/ (small files; the 10 MB field is made by the
test itself). Run from the crate root; the expected results live in tests/bad_inputs/expected.json."""
import io, os, random, zipfile

D = "tests/bad_inputs"
os.makedirs(D, exist_ok=True)
EV = "user_id,event,timestamp,session_id,item_id,amount\n"
OR = "order_id,user_id,paid_at,amount,status\n"


def w(name, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(os.path.join(D, name), "wb") as f:
        f.write(data)


good = "u1,enter,2026-03-01 20:00:00,s1,,\n"
w("empty.csv", b"")
w("lone_bom.csv", b"\xef\xbb\xbf")
w("whitespace_only.csv", " \n\t\r\n  \n")
w("header_only.csv", EV)
w("truncated_last_row.csv", EV + good + "u2,enter,2026-03-01 20:0")
w("ragged_rows.csv", EV + good + "u2,enter,2026-03-01 20:01:00\n"
  + "u3,enter,2026-03-01 20:02:00,s1,,,extra,more\n" + "u4,view,2026-03-01 20:03:00,s1,p1,\n")
w("mixed_delimiters.csv", EV + good + "u2;enter;2026-03-01 20:01:00;s1;;\n"
  + "u3\tenter\t2026-03-01 20:02:00\ts1\t\t\n" + "u4,enter,2026-03-01 20:03:00,s1,,\n")
w("unterminated_quote.csv", EV + good + 'u2,"enter,2026-03-01 20:01:00,s1,,\nu3,enter,2026-03-01 20:02:00,s1,,\n')
w("quoted_newlines_crlf.csv", (EV + 'u1,enter,2026-03-01 20:00:00,"s\n1",,\n\n\nu2,view,2026-03-01 20:01:00,s1,"p,1",\n').replace("\n", "\r\n"))
w("latin1.csv", ("user_id,event,timestamp\nJosé,enter,2026-03-01 20:00:00\nRenée,view,2026-03-01 20:01:00\n").encode("latin-1"))
w("mixed_utf8_gbk.csv", "user_id,event,timestamp\n张三,enter,2026-03-01 20:00:00\n".encode("utf-8")
  + "李四,enter,2026-03-01 20:01:00\n".encode("gbk"))
w("gbk_chinese_headers.csv", "用户ID,行为类型,发生时间,实付金额\n张三,进入直播间,2026-03-01 20:00:00,\n李四,支付,2026-03-01 20:05:00,\"￥1,299.00\"\n".encode("gbk"))
w("utf16le_bom.csv", b"\xff\xfe" + (EV + good).encode("utf-16-le"))
w("utf16be_no_bom.csv", (EV + good).encode("utf-16-be"))
w("utf16le_odd_bytes.csv", b"\xff\xfe" + (EV + good).encode("utf-16-le") + b"\x00")
w("bom_then_invalid_utf8.csv", b"\xef\xbb\xbf" + EV.encode() + b"u1,enter,\xff\xfe\xfd,s1,,\n")
rng = random.Random(7)
w("binary.bin", bytes(rng.randrange(256) for _ in range(4096)))
w("png_named.csv", b"\x89PNG\r\n\x1a\n" + bytes(rng.randrange(256) for _ in range(512)))
w("control_chars_dense.csv", EV + "u1,enter,2026-03-01 20:00:00,s1,,\n" * 2 + "u\x07,enter\x01,2026-03-01 20:00:00,s\x02,,\n")
w("control_chars_sparse.csv", EV + "".join(f"u{i},enter,2026-03-01 20:{i:02}:00,s1,,\n" for i in range(40)) + "u\x07,enter,2026-03-01 20:00:00,s\x02,,\n")
w("corrupt.xlsx", b"PK\x03\x04" + bytes(rng.randrange(256) for _ in range(300)))
if not os.path.exists(os.path.join(D, "zip_not_xlsx.xlsx")):  # kept as committed (zip dates)
    z = io.BytesIO()
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr("hello.txt", "not a spreadsheet")
    w("zip_not_xlsx.xlsx", z.getvalue())
w("ole_garbage.xls", b"\xd0\xcf\x11\xe0" + bytes(rng.randrange(256) for _ in range(600)))
w("json_scalar.json", "42\n")
w("json_object.json", '{"user_id": "u1", "event": "enter", "timestamp": "2026-03-01T20:00:00Z"}')
w("json_array_of_numbers.json", "[1, 2, 3]")
w("json_mixed_array.json", '[{"user_id": "u1", "event": "enter", "timestamp": "2026-03-01T20:00:00Z"}, 5, "x", null, [1], {"user_id": "u2", "event": "view", "timestamp": "2026-03-01T20:01:00Z", "extra": {"a": 1}}]')
w("json_truncated.json", '[{"user_id": "u1", "event": "enter", "timestamp": "2026-03-01T20:00:00Z"}, {"user_id": "u2", "ev')
w("json_nested_values.json", '[{"user_id": 12, "event": "pay", "timestamp": 1772395200, "amount": 9.5}, {"user_id": true, "event": "pay", "timestamp": "2026-03-01T20:01:00Z", "amount": "NaN"}, {"user_id": {"id": 3}, "event": ["pay"], "timestamp": null, "amount": null}]')
w("ndjson_bad_line.ndjson", '{"user_id": "u1", "event": "enter", "timestamp": "2026-03-01T20:00:00Z"}\n{"user_id": "u2", oops\n[1,2]\n{"user_id": "u3", "event": "view", "timestamp": "2026-03-01T20:02:00Z"}\n')
w("nan_inf_amounts.csv", OR + "o1,u1,2026-03-01 20:00:00,NaN,paid\no2,u2,2026-03-01 20:01:00,inf,paid\n"
  + "o3,u3,2026-03-01 20:02:00,-Infinity,paid\no4,u4,2026-03-01 20:03:00,1e400,paid\n"
  + "o5,u5,2026-03-01 20:04:00,99.5,paid\no6,u6,2026-03-01 20:05:00,nan,paid\n")
w("bad_amounts.csv", OR + "o1,u1,2026-03-01 20:00:00,12abc,paid\no2,u2,2026-03-01 20:01:00,1.2.3,paid\n"
  + "o3,u3,2026-03-01 20:02:00,¥,paid\no4,u4,2026-03-01 20:03:00,-5,paid\no5,u5,2026-03-01 20:04:00,,paid\n"
  + "o6,u6,2026-03-01 20:05:00,\"¥1,299.00\",paid\no7,u7,2026-03-01 20:06:00,99元,paid\n"
  + "o8,u8,2026-03-01 20:07:00,0x10,paid\no9,u9,2026-03-01 20:08:00,1e5,paid\n")
w("dates_out_of_range.csv", "user_id,event,timestamp\nu1,enter,1899-12-31 23:59:59\nu2,enter,2101-01-01 00:00:00\n"
  + "u3,enter,2026-13-01 00:00:00\nu4,enter,2026-02-30 10:00:00\nu5,enter,99999999999999999999\n"
  + "u6,enter,-1\nu7,enter,0\nu8,enter,2026-03-01 24:00:00\nu9,enter,2026-03-01T20:00:00+25:00\n"
  + "u10,enter,2026-03-01 20:00:00\nu11,enter,\nu12,enter,yesterday\n")
w("duplicate_headers.csv", "user_id,event,timestamp,user_id\nu1,enter,2026-03-01 20:00:00,u9\nu2,view,2026-03-01 20:01:00,u8\n")
w("empty_user_ids.csv", EV + good + ",enter,2026-03-01 20:01:00,s1,,\n   ,view,2026-03-01 20:02:00,s1,p1,\n\"\",pay,2026-03-01 20:03:00,s1,p1,5\n")
w("leave_before_enter.csv", EV + "u1,leave,2026-03-01 20:00:00,s1,,\nu1,enter,2026-03-01 20:05:00,s1,,\n"
  + "u2,leave,2026-03-01 20:10:00,s1,,\nu3,enter,2026-03-01 20:01:00,s1,,\nu3,pay,2026-03-01 20:02:00,s1,p1,10\n")
w("skew_events_utc.csv", EV + "u1,enter,2026-03-01T12:00:00Z,s1,,\nu1,pay,2026-03-01T12:10:00Z,s1,p1,10\nu2,enter,2026-03-01T12:01:00Z,s1,,\n")
w("skew_events_plus8.csv", EV + "u3,enter,2026-03-01 20:00:00+08:00,s1,,\nu3,leave,2026-03-01 20:30:00+08:00,s1,,\nu4,enter,2026-03-01 23:59:00+08:00,s1,,\n")
w("skew_orders_naive.csv", OR + "o9,u1,2026-03-01 20:10:00,10,paid\no10,u2,2026-03-01 20:20:00,20,refunded\n")
w("exact_duplicates.csv", EV + good * 3 + "u2,enter,2026-03-01 20:00:00,s1,,\n")
w("unknown_events.csv", EV + good + "u1,抽奖,2026-03-01 20:01:00,s1,,\nu2,抽奖,2026-03-01 20:02:00,s1,,\nu2,zzz,2026-03-01 20:03:00,s1,,\n")
w("unknown_status.csv", OR + "o1,u1,2026-03-01 20:00:00,10,paid\no2,u2,2026-03-01 20:01:00,10,teleported\no3,u3,2026-03-01 20:02:00,10,已取消\n")
w("missing_user_column.csv", "who,event,timestamp\nu1,enter,2026-03-01 20:00:00\n")
w("unknown_kind.csv", "alpha,beta,gamma\n1,2,3\n")
w("wide_header.csv", ",".join(["user_id", "event", "timestamp"] + [f"c{i}" for i in range(5000)]) + "\n"
  + ",".join(["u1", "enter", "2026-03-01 20:00:00"] + ["x"] * 5000) + "\n")
w("long_id.csv", "user_id,event,timestamp\n" + "u" * 1001 + ",enter,2026-03-01 20:00:00\nu2,enter,2026-03-01 20:00:00\n")
w("negative_price_items.csv", "item_id,title,price\np1,Course,99\np2,Book,-3\np3,Coach,abc\n,Nameless,5\n")
w("sessions_bad_spend.csv", "session_id,host,start,end,ad_spend\ns1,Ann,2026-03-01 20:00:00,2026-03-01 22:00:00,100\ns2,Bo,2026-03-02 20:00:00,2026-03-02 19:00:00,-1\n,Cy,,,\n")
# Every row rejected: the CLI exits 1 naming the main reason (tests/cli.rs checks the exit).
w("all_rows_rejected.csv", "user_id,event,timestamp\nu1,enter,yesterday\nu2,enter,soon\n,enter,2026-03-01 20:00:00\nu3,enter,2026-02-30 10:00:00\n")
# One buyer paying 22 products in one session: 4 million itemsets unbounded; rules are capped.
w("one_buyer_22_products.csv", EV + "".join(f"u1,pay,2026-03-01 20:{i:02d}:00,s1,p{i:02d},9.9\n" for i in range(22))
  + "u2,enter,2026-03-01 20:00:00,s1,,\n")

# ---- issue #14: real data and hostile data -------------------------------------------------
# Each file below is one case of tests/bad_inputs/expected.json (added there by add_cases()).
CASES = []


def case(name, *files, kind=None):
    """Registers a case of one or more files (path, or (path, kind))."""
    fs = []
    for f in files:
        if isinstance(f, tuple):
            fs.append({"path": f[0], "kind": f[1]})
        else:
            fs.append({"path": f, **({"kind": kind} if kind else {})})
    CASES.append({"case": name, "files": fs})


def wc(name, data, kind=None):
    w(name, data)
    case(name.rsplit(".", 1)[0], name, kind=kind)


# 1. Old dates: accepted from 1900-01-01; far dates warned about.
wc("old_dates_1997.csv", OR + "".join(f"o{i},c{i % 7},199{7 + i % 2}-0{1 + i % 9}-1{i % 10} 10:00:00,{10 + i}.50,paid\n" for i in range(30)))
wc("far_date_typo.csv", EV + "".join(f"u{i},enter,2026-03-01 20:{i:02}:00,s1,,\n" for i in range(50))
   + "u98,enter,1901-01-01 00:00:00,s1,,\nu99,enter,2095-06-01 00:00:00,s1,,\n")
wc("date_1900_boundary.csv", "user_id,event,timestamp\nu1,enter,1900-01-01 00:00:00\nu2,enter,1899-12-31 23:59:59\nu3,enter,1900-02-29 00:00:00\nu4,enter,1904-02-29 12:00:00\n")
wc("yyyymmdd_1998.csv", OR + "o1,c1,19980115,20,paid\no2,c2,19971231,30,paid\no3,c3,19980230,40,paid\n")
wc("unix_seconds_1998.csv", "user_id,event,timestamp\nu1,enter,884000000\nu2,enter,884003600.5\nu3,enter,1772395200\n")
wc("slash_dates_1999.csv", "用户ID,行为类型,时间\nu1,进入直播间,1999/12/31 23:59\nu2,进入直播间,1999年01月02日 08:00:00\n")

# 2. Decimal commas and other number formats: the whole column decides.
SC = "order_id;user_id;paid_at;amount;status\n"
wc("semicolon_decimal_comma.csv", SC + "o1;u1;2026-03-01 20:00:00;999,00;paid\no2;u2;2026-03-01 20:01:00;19,90;paid\n")
wc("dotted_thousands_comma_decimal.csv", SC + "o1;u1;2026-03-01 20:00:00;1.000,50;paid\no2;u2;2026-03-01 20:01:00;2.500,00;paid\no3;u3;2026-03-01 20:02:00;1.000;paid\n")
wc("space_thousands_comma_decimal.csv", SC + "o1;u1;2026-03-01 20:00:00;12 345,67;paid\no2;u2;2026-03-01 20:01:00;1 000,00;paid\n")
wc("nbsp_thousands_comma_decimal.csv", SC + "o1;u1;2026-03-01 20:00:00;12\u00a0345,67;paid\no2;u2;2026-03-01 20:01:00;7\u202f000,5;paid\n")
wc("comma_thousands_dot_decimal.csv", OR + 'o1,u1,2026-03-01 20:00:00,"1,234.50",paid\no2,u2,2026-03-01 20:01:00,"1,234",paid\n')
wc("space_thousands_dot_decimal.csv", OR + "o1,u1,2026-03-01 20:00:00,1 234.50,paid\no2,u2,2026-03-01 20:01:00,99.9,paid\n")
wc("apostrophe_thousands.csv", OR + "o1,u1,2026-03-01 20:00:00,1'234.50,paid\no2,u2,2026-03-01 20:01:00,12'000.00,paid\n")
wc("ambiguous_numbers_only.csv", SC + "o1;u1;2026-03-01 20:00:00;1,234;paid\no2;u2;2026-03-01 20:01:00;1.000;paid\no3;u3;2026-03-01 20:02:00;99;paid\n")
wc("ambiguous_resolved_comma.csv", SC + "o1;u1;2026-03-01 20:00:00;1.000;paid\no2;u2;2026-03-01 20:01:00;999,00;paid\no3;u3;2026-03-01 20:02:00;5,5;paid\n")
wc("ambiguous_resolved_dot.csv", OR + 'o1,u1,2026-03-01 20:00:00,"1,234",paid\no2,u2,2026-03-01 20:01:00,99.50,paid\no3,u3,2026-03-01 20:02:00,1.000,paid\n')
wc("mixed_separators_conflict.csv", SC + "o1;u1;2026-03-01 20:00:00;10,50;paid\no2;u2;2026-03-01 20:01:00;20,00;paid\no3;u3;2026-03-01 20:02:00;1.5;paid\n")
wc("items_price_decimal_comma.csv", "item_id;title;price\np1;Kurs;99,90\np2;Buch;1.299,00\np3;Abo;1.000\n")
wc("sessions_spend_decimal_comma.csv", "session_id;host;start;end;ad_spend\ns1;Ann;2026-03-01 20:00:00;2026-03-01 22:00:00;1.500,00\ns2;Bo;2026-03-02 20:00:00;2026-03-02 22:00:00;250,5\n")
wc("refund_amount_decimal_comma.csv", "order_id;user_id;paid_at;amount;status;refund_amount\no1;u1;2026-03-01 20:00:00;100,00;refunded;40,00\no2;u2;2026-03-01 20:01:00;59,90;paid;\n")
wc("tsv_decimal_comma.tsv", OR.replace(",", "\t") + "o1\tu1\t2026-03-01 20:00:00\t1.234,56\tpaid\no2\tu2\t2026-03-01 20:01:00\t0,99\tpaid\n")
wc("amount_too_large.csv", OR + "o1,u1,2026-03-01 20:00:00,1e13,paid\no2,u2,2026-03-01 20:01:00,99999999999999999999,paid\no3,u3,2026-03-01 20:02:00,10,paid\n")
wc("json_decimal_strings.json", '[{"order_id":"o1","user_id":"u1","paid_at":"2026-03-01T20:00:00Z","amount":"1.000,50"},{"order_id":"o2","user_id":"u2","paid_at":"2026-03-01T20:01:00Z","amount":"99,00"}]')
wc("json_numbers_three_decimals.json", '[{"order_id":"o1","user_id":"u1","paid_at":"2026-03-01T20:00:00Z","amount":1.125},{"order_id":"o2","user_id":"u2","paid_at":"2026-03-01T20:01:00Z","amount":1000}]')

# 3. Column choice: the better synonym wins.
wc("unit_price_before_paid_amount.csv", "order_id,user_id,paid_at,unit_price,paid_amount\no1,u1,2026-03-01 20:00:00,99,198\no2,u2,2026-03-01 20:01:00,50,45\n")
wc("chinese_unit_price_before_paid.csv", "订单号,用户ID,支付时间,单价,数量,实付金额\nA1,张三,2026-03-01 20:00:00,99,2,188\nA2,李四,2026-03-01 20:01:00,50,1,50\n")
wc("unit_price_and_quantity.csv", "order_id,user_id,paid_at,unit_price,quantity\no1,u1,2026-03-01 20:00:00,99,2\no2,u2,2026-03-01 20:01:00,50,\no3,u3,2026-03-01 20:02:00,10,3\n")
wc("unit_price_only.csv", "order_id,user_id,paid_at,price\no1,u1,2026-03-01 20:00:00,99\n")
wc("bad_quantity.csv", "order_id,user_id,paid_at,单价,数量\no1,u1,2026-03-01 20:00:00,99,two\no2,u2,2026-03-01 20:01:00,99,-1\no3,u3,2026-03-01 20:02:00,99,1\n")
wc("buyer_name_not_product.csv", "order_id,user_id,name,paid_at,amount\no1,u1,Alice Wang,2026-03-01 20:00:00,99\no2,u2,Bob Li,2026-03-01 20:01:00,50\n")
wc("product_name_as_product.csv", "order_id,user_id,buyer_name,product_name,paid_at,amount\no1,u1,Alice,Course A,2026-03-01 20:00:00,99\no2,u2,Bob,Course A,2026-03-01 20:01:00,99\n")
wc("device_type_before_event.csv", "user_id,type,timestamp,event\nu1,iPhone,2026-03-01 20:00:00,enter\nu2,Android,2026-03-01 20:01:00,pay\n")
wc("type_only_is_event.csv", "user_id,type,timestamp\nu1,enter,2026-03-01 20:00:00\nu2,leave,2026-03-01 20:01:00\n")
wc("order_amount_before_paid.csv", "订单号,用户ID,支付时间,订单金额,实付金额\nA1,张三,2026-03-01 20:00:00,199,149\n")
wc("product_name_before_id.csv", "product,user_id,event,timestamp,product_id\nNice Course,u1,view,2026-03-01 20:00:00,p1\nNice Course,u2,view,2026-03-01 20:01:00,p1\n")
wc("username_before_user_id.csv", "user,event,timestamp,user_id\nAnn,enter,2026-03-01 20:00:00,u1\nAnn,enter,2026-03-01 20:01:00,u2\n")
wc("created_and_paid_times.csv", "order_id,user_id,created_at,paid_at,amount\no1,u1,2026-03-01 19:00:00,2026-03-01 20:00:00,10\n")

# 4. The same order counted once.
wc("status_history.csv", OR + "o1,u1,2026-03-01 20:00:00,99,paid\no1,u1,2026-03-02 09:00:00,99,shipped\no1,u1,2026-03-05 09:00:00,99,completed\no2,u2,2026-03-01 20:05:00,50,paid\n")
wc("status_history_refund.csv", OR + "o1,u1,2026-03-01 20:00:00,99,paid\no1,u1,2026-03-03 09:00:00,99,refunded\no1,u1,2026-03-04 09:00:00,99,refunded\n")
wc("created_then_paid.csv", OR + "o1,u1,2026-03-01 19:59:00,99,created\no1,u1,2026-03-01 20:00:00,99,paid\no1,u1,2026-03-01 20:00:30,99,pending\n")
wc("multi_item_order.csv", "order_id,user_id,paid_at,item_id,amount,status\no1,u1,2026-03-01 20:00:00,p1,99,paid\no1,u1,2026-03-01 20:00:00,p2,50,paid\no1,u1,2026-03-02 10:00:00,p2,50,shipped\n")
wc("same_order_other_users.csv", OR + "o1,u1,2026-03-01 20:00:00,99,paid\no1,u2,2026-03-01 20:01:00,50,paid\n")
w("orders_export_a.csv", OR + "o1,u1,2026-03-01 20:00:00,99,paid\no2,u2,2026-03-01 20:01:00,50,paid\n")
w("orders_export_b.csv", OR + "o2,u2,2026-03-01 20:01:00,50,shipped\no3,u3,2026-03-01 20:02:00,30,paid\n")
w("orders_export_c.csv", OR + "o1,u1,2026-03-01 20:00:00,199,paid\no4,u4,2026-03-01 20:03:00,20,paid\n")
case("same_file_twice", "orders_export_a.csv", "orders_export_a.csv")
case("overlapping_exports", "orders_export_a.csv", "orders_export_b.csv")
case("conflicting_amounts_across_files", "orders_export_a.csv", "orders_export_c.csv")
case("conflicting_amounts_other_order", "orders_export_c.csv", "orders_export_a.csv")
case("events_file_twice", "skew_events_utc.csv", "skew_events_utc.csv")
wc("conflict_within_file.csv", OR + "o1,u1,2026-03-01 20:00:00,99,paid\no1,u1,2026-03-01 20:00:00,89,paid\n")

# 5. JSON numbers as exact text; overflowing amounts; CR-only lines.
wc("json_big_ids.json", '[{"user_id":18446744073709551616,"event":"enter","timestamp":"2026-03-01T20:00:00Z"},'
   '{"user_id":18446744073709551617,"event":"enter","timestamp":"2026-03-01T20:01:00Z"},'
   '{"user_id":18446744073709551618,"event":"pay","timestamp":"2026-03-01T20:02:00Z","amount":9.90}]')
wc("ndjson_big_ids.ndjson", '{"user_id":9007199254740993,"event":"enter","timestamp":1772395200}\n{"user_id":9007199254740992,"event":"enter","timestamp":1772395260}\n{"user_id":123456789012345678901234567890,"event":"enter","timestamp":1772395320}\n')
wc("json_overflow_amounts.json", '[{"order_id":"o1","user_id":"u1","paid_at":"2026-03-01T20:00:00Z","amount":1e400},'
   '{"order_id":"o2","user_id":"u2","paid_at":"2026-03-01T20:01:00Z","amount":1e308},'
   '{"order_id":"o3","user_id":"u3","paid_at":"2026-03-01T20:02:00Z","amount":-1e400},'
   '{"order_id":"o4","user_id":"u4","paid_at":"2026-03-01T20:03:00Z","amount":12.5}]')
wc("json_data_key_big_ids.json", '{"data":[{"order_id":98765432109876543210,"user_id":98765432109876543211,"paid_at":"2026-03-01 20:00:00","amount":5}]}')
wc("json_duplicate_keys.json", '[{"user_id":"u1","event":"enter","event":"view","timestamp":"2026-03-01T20:00:00Z"}]')
wc("json_escapes.json", '[{"user_id":"\\u5f20\\u4e09","event":"enter","timestamp":"2026-03-01T20:00:00Z"},{"user_id":"a\\"b","event":"enter","timestamp":"2026-03-01T20:01:00Z"}]')
wc("json_exponent_amounts.json", '[{"order_id":"o1","user_id":"u1","paid_at":"2026-03-01T20:00:00Z","amount":1.5e2},{"order_id":"o2","user_id":"u2","paid_at":"2026-03-01T20:01:00Z","amount":2E1}]')
wc("cr_only_lines.csv", (EV + "".join(f"u{i},enter,2026-03-01 20:0{i}:00,s1,,\n" for i in range(5))).replace("\n", "\r"))
wc("cr_only_orders.csv", (OR + "o1,u1,2026-03-01 20:00:00,10,paid\no2,u2,2026-03-01 20:01:00,20,paid\n").replace("\n", "\r"))
wc("cr_only_ndjson.ndjson", '{"user_id":"u1","event":"enter","timestamp":"2026-03-01T20:00:00Z"}\r{"user_id":"u2","event":"enter","timestamp":"2026-03-01T20:01:00Z"}\r')
wc("mixed_cr_crlf.csv", EV + "u1,enter,2026-03-01 20:00:00,s1,,\r\nu2,enter,2026-03-01 20:01:00,s1,,\ru3,enter,2026-03-01 20:02:00,s1,,\n")

# 6. Blow-ups and small things.


def xlsx(name, sheet_xml, styles=None):
    z = io.BytesIO()

    class Zf(zipfile.ZipFile):
        def writestr(self, n, data):  # fixed dates: the same bytes on every run
            super().writestr(zipfile.ZipInfo(n, date_time=(2026, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)

    with Zf(z, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
                    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
                    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                    + ('<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' if styles else "") + '</Types>')
        zf.writestr("_rels/.rels", '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
        zf.writestr("xl/workbook.xml", '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>')
        zf.writestr("xl/_rels/workbook.xml.rels", '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
                    + ('<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>' if styles else "") + '</Relationships>')
        if styles:
            zf.writestr("xl/styles.xml", styles)
        zf.writestr("xl/worksheets/sheet1.xml", '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' + sheet_xml + '</worksheet>')
    wc(name, z.getvalue())


def cells(rows):
    out = []
    for r, row in enumerate(rows, 1):
        cs = []
        for c, v in enumerate(row):
            ref = chr(65 + c) + str(r)
            if isinstance(v, tuple):  # (number, style)
                cs.append(f'<c r="{ref}" s="{v[1]}"><v>{v[0]}</v></c>')
            elif isinstance(v, (int, float)):
                cs.append(f'<c r="{ref}"><v>{v}</v></c>')
            else:
                cs.append(f'<c r="{ref}" t="inlineStr"><is><t>{v}</t></is></c>')
        out.append(f'<row r="{r}">' + "".join(cs) + "</row>")
    return "".join(out)


DATE_STYLES = ('<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
               '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="22" applyNumberFormat="1"/></cellXfs></styleSheet>')
HEAD = ["user_id", "event", "timestamp"]
xlsx("xlsx_valid_small.xlsx", '<dimension ref="A1:C3"/><sheetData>' + cells([HEAD, ["u1", "enter", "2026-03-01 20:00:00"], ["u2", "view", "2026-03-01 20:01:00"]]) + "</sheetData>")
xlsx("xlsx_old_date_serials.xlsx", "<sheetData>" + cells([HEAD, ["u1", "enter", (35431.5, 1)], ["u2", "enter", (36000.25, 1)]]) + "</sheetData>", DATE_STYLES)
xlsx("xlsx_bad_date_serials.xlsx", "<sheetData>" + cells([HEAD, ["u1", "enter", (-1, 1)], ["u2", "enter", (1e300, 1)], ["u3", "enter", (3e6, 1)], ["u4", "enter", (46082.5, 1)]]) + "</sheetData>", DATE_STYLES)
xlsx("xlsx_huge_dimension.xlsx", '<dimension ref="A1:XFD1048576"/><sheetData>' + cells([HEAD, ["u1", "enter", "2026-03-01 20:00:00"]]) + "</sheetData>")
xlsx("xlsx_far_cells.xlsx", "<sheetData>" + cells([HEAD]) + '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>')
xlsx("xlsx_reversed_dimension.xlsx", '<dimension ref="C3:A1"/><sheetData>' + cells([HEAD]) + "</sheetData>")
xlsx("xlsx_garbage_dimension.xlsx", '<dimension ref="hello:world"/><sheetData>' + cells([HEAD]) + "</sheetData>")
xlsx("xlsx_bad_cell_ref.xlsx", '<sheetData><row r="1"><c r="A0" t="inlineStr"><is><t>x</t></is></c></row></sheetData>')
xlsx("xlsx_wide_row.xlsx", '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>user_id</t></is></c><c r="ZZ1"><v>1</v></c></row><row r="2"><c r="A2"><v>1</v></c><c r="XFD2"><v>1</v></c></row></sheetData>')
xlsx("xlsx_tall_sparse.xlsx", "<sheetData>" + cells([HEAD, ["u1", "enter", "2026-03-01 20:00:00"]]) + '<row r="600000"><c r="A600000" t="inlineStr"><is><t>u2</t></is></c><c r="B600000" t="inlineStr"><is><t>enter</t></is></c><c r="C600000" t="inlineStr"><is><t>2026-03-01 20:01:00</t></is></c></row></sheetData>')
# Found by the xlsx fuzz target: a reference calamine would parse with overflowing arithmetic,
# hidden from a naive scan by a '>' inside the quotes, and a dimension with a newline before its
# quoted value.
xlsx("xlsx_quoted_gt_in_ref.xlsx", "<sheetData>" + cells([HEAD]) + '<row r="></c></row></sheetData></workshe2"><c r="A2" t="inlineStr"><is><t>u1</t></is></c></row></sheetData>')
xlsx("xlsx_dimension_newline.xlsx", "<dimension ref=\n'C3:A1'/><sheetData>" + cells([HEAD]) + "</sheetData>")
wc("zero_width_headers.csv", "\u200buser_id,eve\u200dnt,time\u200cstamp\nu1,enter,2026-03-01 20:00:00\n")
wc("zero_width_word_joiner.csv", "user\u2060_id,\ufeffevent,timestamp\u2060\nu1,enter,2026-03-01 20:00:00\n")
wc("long_chinese_id_ok.csv", "user_id,event,timestamp\n" + "用" * 400 + ",enter,2026-03-01 20:00:00\n")
wc("long_chinese_id_over.csv", "user_id,event,timestamp\n" + "用" * 1001 + ",enter,2026-03-01 20:00:00\nu2,enter,2026-03-01 20:00:00\n")
wc("utf32le_bom.csv", b"\xff\xfe\x00\x00" + (EV + good).encode("utf-32-le"))
wc("utf32be_bom.csv", b"\x00\x00\xfe\xff" + ("用户ID,行为类型,时间\n张三,进入直播间,2026-03-01 20:00:00\n").encode("utf-32-be"))
wc("utf32le_truncated.csv", b"\xff\xfe\x00\x00" + (EV + good).encode("utf-32-le") + b"\x00")
wc("utf32le_bad_code_point.csv", b"\xff\xfe\x00\x00" + EV.encode("utf-32-le") + b"\x00\x00\x11\x00")
wc("row_too_many_fields.csv", "user_id,event,timestamp\n" + "u1," * 9000 + "\nu2,enter,2026-03-01 20:00:00\n")
wc("header_too_many_columns.csv", ",".join(f"c{i}" for i in range(9000)) + "\n1,2,3\n")
wc("pipe_delimited.csv", "user_id|event|timestamp|amount\nu1|pay|2026-03-01 20:00:00|1.234,50\nu2|pay|2026-03-01 20:01:00|10,00\n")


# 6b. Legacy XLS and ODS are checked before the spreadsheet library reads them, as XLSX is: their
# claimed sizes and repeat counts would make it build grids of billions of cells.
def ods(name, table_xml):
    z = io.BytesIO()
    with zipfile.ZipFile(z, "w", zipfile.ZIP_DEFLATED) as zf:
        def put(n, data):
            zf.writestr(zipfile.ZipInfo(n, date_time=(2026, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)
        put("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        put("content.xml", '<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Sheet1">' + table_xml + "</table:table></office:spreadsheet></office:body></office:document-content>")
        put("META-INF/manifest.xml", '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>')
    wc(name, z.getvalue())


def ods_row(values, attrs=""):
    return f"<table:table-row{attrs}>" + "".join(f'<table:table-cell office:value-type="string"><text:p>{v}</text:p></table:table-cell>' for v in values) + "</table:table-row>"


ODS_ROWS = ods_row(HEAD) + ods_row(["u1", "enter", "2026-03-01 20:00:00"]) + ods_row(["u2", "view", "2026-03-01 20:01:00"])
ods("ods_valid_small.ods", ODS_ROWS)
# What LibreOffice writes: rows padded with empty cells, then a million empty rows (not expanded).
ods("ods_libreoffice_padding.ods", ODS_ROWS.replace("</table:table-row>", '<table:table-cell table:number-columns-repeated="1021"/></table:table-row>')
    + '<table:table-row table:number-rows-repeated="1048573"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>')
ods("ods_repeated_rows.ods", ods_row(HEAD) + ods_row(["u1", "enter", "2026-03-01 20:00:00"], ' table:number-rows-repeated="100000000"'))
ods("ods_repeated_cells.ods", ods_row(HEAD) + '<table:table-row><table:table-cell table:number-columns-repeated="100000000" office:value-type="string"><text:p>u1</text:p></table:table-cell></table:table-row>')
ods("ods_empty_rows_between.ods", ods_row(HEAD) + '<table:table-row table:number-rows-repeated="1000000"><table:table-cell/></table:table-row>' + ods_row(["u1", "enter", "2026-03-01 20:00:00"]))


def xls_bytes():
    import xlwt  # pip install xlwt (bench only; the corpus files are committed)
    wb = xlwt.Workbook()
    ws = wb.add_sheet("Sheet1")
    for r, row in enumerate([HEAD, ["u1", "enter", "2026-03-01 20:00:00"], ["u2", "view", "2026-03-01 20:01:00"]]):
        for c, v in enumerate(row):
            ws.write(r, c, v)
    b = io.BytesIO()
    wb.save(b)
    return bytearray(b.getvalue())


def patched(data, rec_type, rec_len, at, new):
    """The first record of `rec_type` and `rec_len`, its bytes from `at` replaced by `new`."""
    sig = rec_type.to_bytes(2, "little") + rec_len.to_bytes(2, "little")
    i = data.index(sig)
    data[i + 4 + at:i + 4 + at + len(new)] = new
    return data


if os.path.exists(os.path.join(D, "xls_valid_small.xls")):  # kept as committed (xlwt's bytes)
    for n in ["xls_valid_small", "xls_huge_dimensions", "xls_reversed_dimensions", "xls_far_cell"]:
        case(n, n + ".xls")
else:
    wc("xls_valid_small.xls", bytes(xls_bytes()))
    # DIMENSIONS (0x0200, 14 bytes): first row, last row + 1 (u32), first column, last column + 1.
    wc("xls_huge_dimensions.xls", bytes(patched(xls_bytes(), 0x0200, 14, 0, (0).to_bytes(4, "little") + (1_000_000).to_bytes(4, "little") + (0).to_bytes(2, "little") + (200).to_bytes(2, "little"))))
    wc("xls_reversed_dimensions.xls", bytes(patched(xls_bytes(), 0x0200, 14, 0, (10).to_bytes(4, "little") + (3).to_bytes(4, "little"))))
    # A LABELSST cell (0x00FD, 10 bytes) moved to row 65,535, column 65,535.
    wc("xls_far_cell.xls", bytes(patched(xls_bytes(), 0x00FD, 10, 0, (65535).to_bytes(2, "little") + (65535).to_bytes(2, "little"))))


def add_cases():
    """Adds the registered cases missing from expected.json (their results are then written by
    `BLESS=1 cargo test --test bad_inputs`; review the diff)."""
    import json
    p = os.path.join(D, "expected.json")
    m = json.load(open(p))
    have = {c["case"] for c in m["cases"]}
    for c in CASES:
        if c["case"] not in have:
            m["cases"].append(c)
    with open(p, "w") as f:
        f.write(json.dumps(m, indent=2, ensure_ascii=False) + "\n")


add_cases()
print("cases:", len(CASES), "new; files:", len(os.listdir(D)))
