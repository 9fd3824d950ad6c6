// Exact overlap of analytic shapes with voxels, for partial-volume structure masks.
#pragma once

#include "host/core/grid3.h"
#include "host/plan/plan.h"

namespace srtdose {

/// Area (mm2) of the disk of radius r centred at the origin inside [x0,x1] x [y0,y1]. Exact
/// (closed-form integral of the chord length, split where the chord meets the rectangle).
double disk_rectangle_area_mm2(double r, double x0, double x1, double y0, double y1);

/// Volume (mm3) of the intersection of a shape with an axis-aligned box. Box and axis-aligned
/// cylinder: closed form. Sphere: the disk-rectangle area integrated over z by Gauss-Legendre
/// quadrature on intervals split at every kink, accurate to ~1e-9 of the voxel volume.
double shape_box_overlap_mm3(const Shape& s, const Box3& box);

/// Axis-aligned bounding box of a shape.
Box3 shape_bounds(const Shape& s);

/// Analytic volume of a shape (mm3).
double shape_volume_mm3(const Shape& s);

}  // namespace srtdose
