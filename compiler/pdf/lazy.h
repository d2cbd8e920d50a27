/*
 * librsvg and qpdf, loaded when first needed (see lazy.c).
 */
#ifndef BOOKC_LAZY_H
#define BOOKC_LAZY_H

#include <stdbool.h>

#include <librsvg/rsvg.h>
#include <qpdf/qpdf-c.h>

/* The functions bookc calls: a call of one not named here does not
 * link, since bookc does not link the libraries. */
#define LAZY_RSVG(X) \
	X(rsvg_handle_new_from_file) \
	X(rsvg_handle_new_from_data) \
	X(rsvg_handle_render_document) \
	X(rsvg_handle_get_intrinsic_size_in_pixels)

#define LAZY_QPDF(X) \
	X(qpdf_add_page) X(qpdf_cleanup) X(qpdf_get_error) \
	X(qpdf_get_error_message_detail) X(qpdf_get_num_pages) \
	X(qpdf_get_page_n) X(qpdf_get_root) X(qpdf_has_error) X(qpdf_init) \
	X(qpdf_init_write) X(qpdf_make_indirect_object) \
	X(qpdf_more_warnings) X(qpdf_next_warning) X(qpdf_oh_append_item) \
	X(qpdf_oh_begin_dict_key_iter) X(qpdf_oh_dict_more_keys) \
	X(qpdf_oh_dict_next_key) X(qpdf_oh_get_array_item) \
	X(qpdf_oh_get_array_n_items) X(qpdf_oh_get_dict) \
	X(qpdf_oh_get_int_value_as_int) X(qpdf_oh_get_key) \
	X(qpdf_oh_get_name) X(qpdf_oh_get_object_id) \
	X(qpdf_oh_get_page_content_data) X(qpdf_oh_get_utf8_value) \
	X(qpdf_oh_get_value_as_number) X(qpdf_oh_is_array) \
	X(qpdf_oh_is_dictionary) X(qpdf_oh_is_indirect) \
	X(qpdf_oh_is_integer) X(qpdf_oh_is_name) \
	X(qpdf_oh_is_name_and_equals) X(qpdf_oh_is_stream) \
	X(qpdf_oh_is_string) X(qpdf_oh_new_array) \
	X(qpdf_oh_new_dictionary) X(qpdf_oh_new_integer) \
	X(qpdf_oh_new_name) X(qpdf_oh_new_null) \
	X(qpdf_oh_new_real_from_double) X(qpdf_oh_new_stream) \
	X(qpdf_oh_new_unicode_string) X(qpdf_oh_parse) \
	X(qpdf_oh_remove_key) X(qpdf_oh_replace_key) \
	X(qpdf_oh_replace_stream_data) X(qpdf_oh_set_array_item) \
	X(qpdf_push_inherited_attributes_to_page) X(qpdf_read) \
	X(qpdf_remove_page) X(qpdf_set_attempt_recovery) \
	X(qpdf_set_decode_level) X(qpdf_set_deterministic_ID) \
	X(qpdf_set_suppress_warnings) \
	X(qpdf_silence_errors) X(qpdf_write)

#define LAZY_MEMBER(f) __typeof__(f) *f;
struct lazy_rsvg { LAZY_RSVG(LAZY_MEMBER) };
struct lazy_qpdf { LAZY_QPDF(LAZY_MEMBER) };
#undef LAZY_MEMBER

/*
 * The library's functions, or NULL when it cannot be loaded (a message
 * that names it and why goes to stderr once). Thread-safe; the library
 * stays loaded.
 */
const struct lazy_rsvg *lazy_rsvg(void);
const struct lazy_qpdf *lazy_qpdf(void);

/* An image's SVG opened by librsvg: the file at path, or the SVG written
 * inside the book that the name stands for (image.h); NULL with err set
 * or, when librsvg cannot be loaded, NULL with err left alone. */
RsvgHandle *lazy_svg_open(const char *path, GError **err);

#endif
